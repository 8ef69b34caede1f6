using Gantry.Configuration;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>
/// What every loop thread's <see cref="CgiThread"/> shares, built once per process: the options, the script resolver,
/// the server's environment snapshot and the cgi-helper programs found on PATH. Immutable.
/// </summary>
internal sealed class CgiSite
{
    private readonly Dictionary<string, string> _programs = new(StringComparer.Ordinal);

    public CgiSite(CgiOptions options, string serverSoftware, ILogger logger)
    {
        Options = options;
        Logger = logger;
        Timeout = TimeSpan.FromSeconds(options.Timeout > 0 ? options.Timeout : 60);
        Resolver = new CgiScriptResolver(options, Directory.GetCurrentDirectory());
        Environment = new CgiEnvironment(System.Environment.GetEnvironmentVariables(), serverSoftware, options.UnsetVariables);
        foreach (var helper in options.Helpers)
        {
            _programs[helper.Interpreter] = FindOnPath(helper.Interpreter);
        }
    }

    public CgiOptions Options { get; }

    public ILogger Logger { get; }

    public TimeSpan Timeout { get; }

    public CgiScriptResolver Resolver { get; }

    public CgiEnvironment Environment { get; }

    /// <summary>The helper program's path: as given with a slash, else found on PATH at start-up (execvp's rule).</summary>
    public string ProgramPath(string interpreter) => _programs.TryGetValue(interpreter, out var path) ? path : interpreter;

    private static string FindOnPath(string program)
    {
        if (program.Contains('/'))
        {
            return program;
        }
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && Posix.Files.FileSystemCalls.CanExecute(candidate))
            {
                return candidate;
            }
        }
        return program;
    }
}
