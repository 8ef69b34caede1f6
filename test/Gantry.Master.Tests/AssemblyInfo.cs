using System.Runtime.Versioning;

// The master uses Linux process primitives (posix_spawn, waitpid, memfd); so do its tests.
[assembly: SupportedOSPlatform("linux")]
