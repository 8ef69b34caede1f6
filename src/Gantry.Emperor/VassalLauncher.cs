using System.Collections;
using Gantry.Configuration;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Protocols.Emperor;

namespace Gantry.Emperor;

/// <summary>
/// Starts a vassal as uWSGI's emperor does (uwsgi_emperor_vassal_start, uwsgi_emperor_spawn_vassal): a socketpair, the
/// vassal's end at descriptor 3 named by <c>UWSGI_EMPEROR_FD</c>, <c>UWSGI_VASSAL_X</c> variables renamed to
/// <c>UWSGI_X</c>, <c>UWSGI_RELOADS</c> and <c>NOTIFY_SOCKET</c> removed, and the same executable run with
/// <c>--inherit</c>/<c>--include</c>/<c>--set</c> from the vassals-* options around <c>--ini FILE</c>, in the vassal's
/// working directory. .NET cannot fork, so tyrant mode cannot drop privileges between fork and exec: the child gets
/// <see cref="TyrantVariable"/> and Gantry drops to that uid/gid first thing, before it reads any configuration.
/// </summary>
internal sealed unsafe class VassalLauncher
{
    /// <summary>Set in a tyrant's vassal: "uid:gid" to become before anything else (read by the exe).</summary>
    public const string TyrantVariable = "GANTRY_TYRANT_IDENTITY";

    /// <summary>Where the vassal finds its end of the socketpair.</summary>
    public const int VassalFd = 3;

    private readonly string _executable;
    private readonly IReadOnlyList<string> _leadingArguments;
    private readonly EmperorOptions _options;

    public VassalLauncher(string executable, IReadOnlyList<string> leadingArguments, EmperorOptions options)
    {
        _executable = executable;
        _leadingArguments = leadingArguments;
        _options = options;
    }

    /// <summary>The arguments a vassal gets (uWSGI's vassal_argv without argv[0]).</summary>
    public IReadOnlyList<string> Arguments(string name)
    {
        var arguments = new List<string>(_leadingArguments);
        foreach (var file in _options.InheritBefore)
        {
            arguments.AddRange(["--inherit", file]);
        }
        foreach (var file in _options.IncludeBefore)
        {
            arguments.AddRange(["--include", file]);
        }
        foreach (var setting in _options.Set)
        {
            arguments.AddRange(["--set", setting]);
        }
        arguments.AddRange(["--ini", name]);
        foreach (var file in _options.Inherit)
        {
            arguments.AddRange(["--inherit", file]);
        }
        foreach (var file in _options.Include)
        {
            arguments.AddRange(["--include", file]);
        }
        return arguments;
    }

    /// <summary>Spawns the vassal; its pid and the emperor's (non-blocking) end of the socketpair. Throws
    /// <see cref="InvalidOperationException"/> naming the failed call.</summary>
    public (int Pid, int Fd) Start(Vassal vassal)
    {
        var pair = stackalloc int[2];
        if (LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, pair) != 0)
        {
            throw new InvalidOperationException($"socketpair() failed (errno {LibC.Errno})");
        }
        try
        {
            LibC.fcntl(pair[0], LibC.F_SETFL, LibC.O_NONBLOCK);
            var request = new ProcessSpawnRequest(_executable, Arguments(vassal.Name), Environment(vassal))
            {
                Placements = [new DescriptorPlacement(pair[1], VassalFd)],
                WorkingDirectory = vassal.WorkingDirectory,
            };
            var pid = ProcessSpawner.Spawn(request);
            LibC.close(pair[1]);
            return (pid, pair[0]);
        }
        catch
        {
            LibC.close(pair[0]);
            LibC.close(pair[1]);
            throw;
        }
    }

    private List<string> Environment(Vassal vassal)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }
        variables.Remove("UWSGI_RELOADS");
        variables.Remove("NOTIFY_SOCKET");
        variables.Remove(TyrantVariable);
        foreach (var name in variables.Keys.Where(k => k.StartsWith("UWSGI_VASSAL_", StringComparison.Ordinal)).ToList())
        {
            variables["UWSGI_" + name[13..]] = variables[name];
            variables.Remove(name);
        }
        variables[EmperorMessage.FdVariable] = VassalFd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_options.Tyrant)
        {
            variables[TyrantVariable] = FormattableString.Invariant($"{vassal.Uid}:{vassal.Gid}");
        }
        return [.. variables.Select(pair => pair.Key + "=" + pair.Value)];
    }
}
