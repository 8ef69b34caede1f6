using System.Runtime.Versioning;

// Gantry serves on Linux only (epoll, fork, signals); its functional tests use Unix file modes and kill(2).
[assembly: SupportedOSPlatform("linux")]
