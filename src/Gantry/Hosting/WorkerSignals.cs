using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// Signals in a worker under a master, with uWSGI's worker meanings: SIGHUP = finish the requests in flight,
/// then exit with the reload code (17); SIGINT, SIGTERM, SIGQUIT = stop at once and exit with the end code
/// (30). The handlers only ask the loops to stop.
/// </summary>
internal sealed class WorkerSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    private WorkerSignals()
    {
    }

    /// <summary>Installs the handlers; <paramref name="onStop"/> receives whether the stop is graceful.</summary>
    public static WorkerSignals Install(Action<bool> onStop)
    {
        var handlers = new WorkerSignals();
        foreach (var signal in new[] { PosixSignal.SIGHUP, PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            var graceful = signal == PosixSignal.SIGHUP;
            handlers._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                onStop(graceful);
            }));
        }
        return handlers;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
