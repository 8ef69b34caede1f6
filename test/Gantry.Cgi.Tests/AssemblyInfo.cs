using System.Runtime.Versioning;

// The CGI host spawns with posix_spawn, reaps through pidfds and waits in epoll: Linux only, and so are its tests.
[assembly: SupportedOSPlatform("linux")]
