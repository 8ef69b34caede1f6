using System.Runtime.Versioning;

// Gantry.Posix binds Linux's C library (posix_spawn, waitpid, epoll); so do its tests.
[assembly: SupportedOSPlatform("linux")]
