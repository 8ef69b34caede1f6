using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>Starting the child (process.py <c>spawn</c>): command lookup, pipes, the spawn through the trampoline.</summary>
internal sealed unsafe partial class SupervisedProcess
{
    private OutputChannel? _stdout;
    private OutputChannel? _stderr;
    private ChildExitWatch? _exitWatch;
    private InputChannel? _stdin;

    /// <summary>Starts the child; the pid, or 0 when the spawn failed (the process is then in BACKOFF with SpawnError set).</summary>
    public int Spawn()
    {
        if (Pid != 0)
        {
            _runtime.Log.Warn($"process '{Config.Name}' already running");
            return 0;
        }
        _killing = false;
        SpawnError = "";
        ExitStatus = null;
        _administrativeStop = false;
        LastStart = Now;
        ChangeState(ProcessState.Starting);
        var command = CommandResolver.Resolve(Config.Command, ChildPath());
        if (command.Error is { } error)
        {
            return RecordSpawnError(error);
        }
        var (filename, arguments) = (command.Filename, command.Arguments);
        int[] stdoutPipe = new int[2], stderrPipe = new int[2], stdinPipe = new int[2];
        if (!Pipe(stdoutPipe, 0) || !Pipe(stdinPipe, 1) || (!Config.RedirectStderr && !Pipe(stderrPipe, 0)))
        {
            return RecordSpawnError($"Too many processes in process table to spawn '{Config.Name}'");
        }
        var placements = new List<DescriptorPlacement>
        {
            new(stdinPipe[0], 0),
            new(stdoutPipe[1], 1),
            new(Config.RedirectStderr ? stdoutPipe[1] : stderrPipe[1], 2),
        };
        var request = new ProcessSpawnRequest(_runtime.SpawnHelper, SpawnTrampoline.Arguments(LibC.getpid(), Config, filename, arguments), ChildEnvironment())
        {
            Placements = placements,
            NewProcessGroup = true,
            CloseOtherDescriptors = true,
        };
        int pid;
        try
        {
            pid = ProcessSpawner.Spawn(request);
        }
        catch (InvalidOperationException exception)
        {
            LibC.close(stdoutPipe[0]);
            LibC.close(stdinPipe[1]);
            if (!Config.RedirectStderr)
            {
                LibC.close(stderrPipe[0]);
            }
            return RecordSpawnError(exception.Message);
        }
        finally
        {
            LibC.close(stdoutPipe[1]);
            LibC.close(stdinPipe[0]);
            if (!Config.RedirectStderr)
            {
                LibC.close(stderrPipe[1]);
            }
        }
        Pid = pid;
        StdoutLog?.Create();
        StderrLog?.Create();
        _stdin = new InputChannel(stdinPipe[1], _runtime.Loop);
        // An event listener's stdout is the protocol channel (supervisord's EventListenerConfig.make_dispatchers).
        IOutputConsumer stdout = IsListener ? new ListenerProtocol(this, StdoutLog, _runtime) : new OutputRecorder(this, "stdout", StdoutLog, _runtime);
        if (IsListener)
        {
            Listener = ListenerState.Acknowledged;
            CurrentEvent = null;
        }
        _stdout = new OutputChannel(stdoutPipe[0], stdout, _runtime.Loop);
        _stderr = Config.RedirectStderr ? null : new OutputChannel(stderrPipe[0], new OutputRecorder(this, "stderr", StderrLog, _runtime), _runtime.Loop);
        _exitWatch = new ChildExitWatch(pid, _runtime.Loop, this);
        _runtime.Log.Info($"spawned: '{Config.Name}' with pid {pid}");
        return pid;
    }

    private int RecordSpawnError(string message)
    {
        SpawnError = message;
        _runtime.Log.Info($"spawnerr: {message}");
        ChangeState(ProcessState.Backoff);
        return 0;
    }

    /// <summary>A close-on-exec pipe whose parent end (<paramref name="parentEnd"/>) alone is non-blocking: the child
    /// gets ordinary blocking descriptors.</summary>
    private static bool Pipe(int[] fds, int parentEnd)
    {
        fixed (int* pair = fds)
        {
            return LibC.pipe2(pair, LibC.O_CLOEXEC) == 0 && LibC.fcntl(fds[parentEnd], LibC.F_SETFL, LibC.O_NONBLOCK) == 0;
        }
    }

    private string ChildPath() =>
        Config.Environment.LastOrDefault(pair => pair.Key == "PATH").Value
        ?? _runtime.Config.Environment.LastOrDefault(pair => pair.Key == "PATH").Value
        ?? System.Environment.GetEnvironmentVariable("PATH") ?? "/bin:/usr/bin";

    /// <summary>supervisord's child environment: its own, SUPERVISOR_*, [supervisord] environment, the program's.</summary>
    private List<string> ChildEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? "";
        }
        environment["SUPERVISOR_ENABLED"] = "1";
        environment["SUPERVISOR_PROCESS_NAME"] = Config.Name;
        environment["SUPERVISOR_GROUP_NAME"] = Group;
        if ((Config.ServerUrl ?? _runtime.ServerUrl) is { } url)
        {
            environment["SUPERVISOR_SERVER_URL"] = url;
        }
        foreach (var (key, value) in _runtime.Config.Environment.Concat(Config.Environment))
        {
            environment[key] = value;
        }
        return [.. environment.Select(pair => pair.Key + "=" + pair.Value)];
    }

    /// <summary>process.write: false (supervisord's EPIPE) when the process is not running, is being stopped, or closed
    /// its stdin; what the pipe does not take at once is buffered and written as the loop sees it writable.</summary>
    public bool WriteStdin(ReadOnlySpan<byte> bytes) => Pid != 0 && !_killing && _stdin is not null && _stdin.Write(bytes);

    private void CloseChannels()
    {
        _stdout?.Drain();
        _stderr?.Drain();
        _stdout?.Dispose();
        _stderr?.Dispose();
        _stdout = _stderr = null;
        _exitWatch?.Dispose();
        _exitWatch = null;
        _stdin?.Dispose();
        _stdin = null;
    }
}
