using System.Runtime.Versioning;

// The supervisor runs on Linux only (pidfd, prctl, epoll).
[assembly: SupportedOSPlatform("linux")]
