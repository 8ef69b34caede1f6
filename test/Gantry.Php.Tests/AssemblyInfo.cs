using System.Runtime.Versioning;

// The PHP link connects with libc sockets and resolves with realpath/statx: Linux only, and so are its tests.
[assembly: SupportedOSPlatform("linux")]
