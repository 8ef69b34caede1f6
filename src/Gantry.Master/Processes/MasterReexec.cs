using System.Runtime.InteropServices;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Server.Listeners;

namespace Gantry.Master.Processes;

/// <summary>
/// uWSGI's reload of the master itself ("binary reloading"): once every worker has stopped, the master
/// execve()s its own executable with its original arguments, in the directory it started in, keeping the
/// listening sockets open across the exec (close-on-exec cleared) and naming them in GANTRY_INHERITED_SOCKETS.
/// The new image re-reads the configuration and adopts the sockets whose address is unchanged, so connections
/// that arrived meanwhile wait in the backlog and a new binary or ini takes effect.
/// </summary>
public static unsafe class MasterReexec
{
    /// <summary>The variable naming the inherited sockets: "fd protocol address" lines, as <see cref="WorkerHandoff"/>.</summary>
    public const string InheritedVariable = "GANTRY_INHERITED_SOCKETS";

    /// <summary>Replaces this process; returns only on failure, with the reason.</summary>
    public static string Exec(string executable, IReadOnlyList<string> arguments, string startDirectory, IReadOnlyList<Listener> listeners)
    {
        var inherited = string.Concat(listeners.Select(l => $"{l.Fd} {l.Address.Protocol} {l.Address.Text}\n"));
        foreach (var listener in listeners)
        {
            LibC.fcntl(listener.Fd, LibC.F_SETFD, 0);
        }
        var environment = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if ((string)entry.Key is not (InheritedVariable or WorkerHandoff.WorkerVariable or WorkerHandoff.ListenersVariable))
            {
                environment.Add($"{entry.Key}={entry.Value}");
            }
        }
        environment.Add($"{InheritedVariable}={inherited}");
        try
        {
            Directory.SetCurrentDirectory(startDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot chdir back to {startDirectory}: {exception.Message}";
        }
        using var argv = new NativeStringVector([executable, .. arguments]);
        using var envp = new NativeStringVector(environment);
        ReexecSignalMask.BlockForExec();
        LibC.execve(argv.Pointer[0], argv.Pointer, envp.Pointer);
        var errno = LibC.Errno;
        ReexecSignalMask.Unblock();
        return $"execve({executable}) failed: errno {errno}";
    }

    /// <summary>
    /// In a re-executed master: adopts the inherited sockets when they are exactly the configured ones, in order
    /// (returns them); otherwise closes them all and returns null, and the caller binds afresh. Returns null when
    /// nothing was inherited. The variable is removed either way.
    /// </summary>
    public static List<Listener>? AdoptInherited(IReadOnlyList<(string Protocol, string Text)> configured, Microsoft.Extensions.Logging.ILogger logger)
    {
        var value = Environment.GetEnvironmentVariable(InheritedVariable);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        NativeEnvironment.Remove(InheritedVariable);
        List<(int Fd, string Protocol, string Text)> inherited;
        try
        {
            inherited = WorkerHandoff.ParseListeners(value);
        }
        catch (FormatException)
        {
            return null;
        }
        var same = inherited.Count == configured.Count
            && inherited.Zip(configured).All(pair => pair.First.Protocol == pair.Second.Protocol && pair.First.Text == pair.Second.Text);
        if (!same)
        {
            inherited.ForEach(socket => LibC.close(socket.Fd));
            Supervision.MasterLog.Event(logger, "the configured sockets changed across the reload: binding them anew");
            return null;
        }
        var addresses = inherited
            .Select(socket => Enum.TryParse<ListenerProtocol>(socket.Protocol, out var protocol) ? ListenAddress.TryParse(socket.Text, protocol, out _) : null)
            .ToList();
        if (addresses.Any(address => address is null))
        {
            inherited.ForEach(socket => LibC.close(socket.Fd));
            return null;
        }
        var result = new List<Listener>();
        for (var i = 0; i < inherited.Count; i++)
        {
            LibC.fcntl(inherited[i].Fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
            result.Add(Listener.FromInheritedDescriptor(inherited[i].Fd, addresses[i]!));
        }
        Supervision.MasterLog.Respawned(logger, Environment.ProcessId, result.Count);
        return result;
    }
}
