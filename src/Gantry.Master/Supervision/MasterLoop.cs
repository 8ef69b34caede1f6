using System.Collections.Concurrent;
using Gantry.Master.Processes;
using Gantry.Posix.Processes;

namespace Gantry.Master.Supervision;

/// <summary>
/// The master's one thread: takes queued commands (posted from signal handlers, the FIFO and status-pipe
/// threads) and hands them to <see cref="WorkerFleet"/> one at a time, with a tick every second. Child exits are
/// collected with waitpid here, on SIGCHLD and at every tick (in case a signal was coalesced).
/// </summary>
internal sealed class MasterLoop : IDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private readonly BlockingCollection<MasterCommand> _queue = [];

    /// <summary>Queues a command; safe from any thread.</summary>
    public void Post(MasterCommand command) => _queue.TryAdd(command);

    /// <summary>Starts the workers and runs until the master finished; returns its exit code.</summary>
    public int Run(WorkerFleet master, TimeProvider time)
    {
        master.Start();
        var nextTick = time.GetTimestamp() + ToTimestamp(time, TickInterval);
        while (!master.Finished)
        {
            var wait = time.GetElapsedTime(time.GetTimestamp(), nextTick);
            if (wait > TimeSpan.Zero && _queue.TryTake(out var command, wait))
            {
                Dispatch(master, command);
                continue;
            }
            ChildReaper.ReapAll(master.OnChildExited);
            if (!master.Finished)
            {
                master.Tick();
            }
            nextTick = time.GetTimestamp() + ToTimestamp(time, TickInterval);
        }
        return master.ExitCode;
    }

    private static void Dispatch(WorkerFleet master, MasterCommand command)
    {
        if (command.Kind == MasterCommandKind.ReapChildren)
        {
            ChildReaper.ReapAll(master.OnChildExited);
        }
        else
        {
            master.Handle(command);
        }
    }

    private static long ToTimestamp(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    public void Dispose() => _queue.Dispose();
}
