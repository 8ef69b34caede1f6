// Every test here starts real servers (nginx, gantry): one at a time on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// nginx, unix sockets and file modes: these tests exist for Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
