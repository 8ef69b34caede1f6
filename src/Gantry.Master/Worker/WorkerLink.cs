using Gantry.Master.Control;
using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Server.Listeners;

namespace Gantry.Master.Worker;

/// <summary>
/// A worker process's connection to its master (see <see cref="WorkerHandoff"/>): its id and scoreboard
/// record, the inherited listening sockets, the status pipe it reports readiness on, and the lifeline pipe
/// whose end-of-file means the master died (PR_SET_PDEATHSIG would fire when the spawning thread exits,
/// not the master process, so it is not used).
/// </summary>
public sealed unsafe class WorkerLink : IDisposable
{
    private readonly string _listeners;

    private WorkerLink(int workerId, int record, string listeners, WorkerScoreboard scoreboard)
    {
        WorkerId = workerId;
        Record = record;
        _listeners = listeners;
        Scoreboard = scoreboard;
    }

    /// <summary>This worker's id (1…processes).</summary>
    public int WorkerId { get; }

    /// <summary>The scoreboard record this process writes.</summary>
    public int Record { get; }

    /// <summary>The scoreboard shared with the master.</summary>
    public WorkerScoreboard Scoreboard { get; }

    /// <summary>Loop threads the master sized the scoreboard for.</summary>
    public int Cores => Scoreboard.Cores;

    /// <summary>True when a master started this process (GANTRY_WORKER is set); nothing is read or removed.</summary>
    public static bool InEnvironment => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WorkerHandoff.WorkerVariable));

    /// <summary>
    /// The link when a master started this process (GANTRY_WORKER is set), else null. The variables are removed
    /// from the environment so that the application, and any gantry it starts, does not see them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variables are set but malformed, or the scoreboard is missing.</exception>
    public static WorkerLink? FromEnvironment()
    {
        var worker = Environment.GetEnvironmentVariable(WorkerHandoff.WorkerVariable);
        if (string.IsNullOrEmpty(worker))
        {
            return null;
        }
        var listeners = Environment.GetEnvironmentVariable(WorkerHandoff.ListenersVariable) ?? "";
        foreach (var name in new[] { WorkerHandoff.WorkerVariable, WorkerHandoff.ListenersVariable })
        {
            NativeEnvironment.Remove(name);
        }
        if (!WorkerHandoff.TryParseWorker(worker, out var id, out var record))
        {
            throw new InvalidOperationException($"malformed {WorkerHandoff.WorkerVariable} '{worker}'");
        }
        return new WorkerLink(id, record, listeners, WorkerScoreboard.OpenShared(WorkerHandoff.ScoreboardFd));
    }

    /// <summary>The listening sockets the master passed, in the order it bound them.</summary>
    /// <exception cref="FormatException">The description is malformed.</exception>
    public List<Listener> AdoptListeners()
    {
        var result = new List<Listener>();
        foreach (var (fd, protocolName, text) in WorkerHandoff.ParseListeners(_listeners))
        {
            if (!Enum.TryParse<ListenerProtocol>(protocolName, out var protocol))
            {
                throw new FormatException($"unknown listener protocol '{protocolName}'");
            }
            var address = ListenAddress.TryParse(text, protocol, out var error) ?? throw new FormatException(error);
            result.Add(Listener.FromInheritedDescriptor(fd, address));
        }
        return result;
    }

    /// <summary>Tells the master the application is loaded and the loops are about to accept.</summary>
    public void ReportReady()
    {
        Scoreboard.SetState(Record, ProcessState.Ready);
        var message = stackalloc byte[StatusMessage.Size];
        new StatusMessage(StatusMessage.Ready, Record, Environment.ProcessId).Write(new Span<byte>(message, StatusMessage.Size));
        while (LibC.write(WorkerHandoff.StatusFd, message, StatusMessage.Size) < 0 && LibC.Errno == LibC.EINTR)
        {
        }
    }

    /// <summary>Marks this process as finishing its requests before it exits.</summary>
    public void ReportStopping() => Scoreboard.SetState(Record, ProcessState.Stopping);

    /// <summary>
    /// Watches the lifeline pipe on a background thread: at end-of-file (the master died, however) calls
    /// <paramref name="onMasterGone"/> (to log) and ends the process at once with _exit, as uWSGI's workers do;
    /// nothing is left serving.
    /// </summary>
    public void WatchMaster(Action onMasterGone)
    {
        new Thread(() =>
        {
            var buffer = stackalloc byte[16];
            while (true)
            {
                var count = LibC.read(WorkerHandoff.LifelineFd, buffer, 16);
                if (count < 0 && LibC.Errno == LibC.EINTR)
                {
                    continue;
                }
                if (count <= 0)
                {
                    onMasterGone();
                    LibC._exit(WorkerExitCodes.MasterGone);
                }
            }
        })
        { IsBackground = true, Name = "gantry master lifeline" }.Start();
    }

    public void Dispose() => Scoreboard.Dispose();
}
