using Gantry.Configuration;
using Gantry.Python;
using Gantry.Server;

namespace Gantry.Hosting;

/// <summary>From the uWSGI-shaped configuration to what each subsystem takes (they never see each other's options).</summary>
internal static class OptionMapping
{
    /// <summary>post-buffering 0 (uWSGI's default) means our own in-memory threshold.</summary>
    private const int DefaultBodyMemoryLimit = 1024 * 1024;

    public static ServerOptions ToServer(GantryOptions options) => new()
    {
        BufferSize = options.BufferSize,
        BodyMemoryLimit = options.PostBuffering > 0 ? (int)Math.Min(options.PostBuffering, int.MaxValue) : DefaultBodyMemoryLimit,
        LimitPost = options.LimitPost,
        SocketTimeoutSeconds = options.SocketTimeout,
        DisableLogging = options.DisableLogging,
    };

    public static PythonHostOptions ToPython(GantryOptions options) => new()
    {
        WsgiFile = options.WsgiFile,
        Module = options.Module,
        Callable = options.Callable,
        PythonPath = options.PythonPath,
        PythonHome = options.PythonHome,
        PythonLibrary = options.PythonLibrary,
        Multithread = options.Threads > 1,
        Multiprocess = options.Processes > 1,
        NeedApp = options.NeedApp ?? (options.WsgiFile is not null || options.Module is not null || options.Mounts.Count > 0),
        Mounts = [.. options.Mounts.Select(mount => new PythonMount(mount.Key, mount.Value))],
        ManageScriptName = options.ManageScriptName,
        IgnoreScriptName = options.IgnoreScriptName,
        NoDefaultApp = options.NoDefaultApp,
        EnableThreads = options.EnableThreads || options.Threads > 1,
    };
}
