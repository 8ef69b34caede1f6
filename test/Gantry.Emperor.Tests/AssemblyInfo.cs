using System.Runtime.Versioning;

// The emperor runs on Linux only (socketpair, statx, posix_spawn).
[assembly: SupportedOSPlatform("linux")]
