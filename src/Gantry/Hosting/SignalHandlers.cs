using System.Runtime.InteropServices;
using Gantry.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Stop signals for gantry without a master (a master's workers use <see cref="WorkerSignals"/>). The handlers only ask the loop to stop (it wakes through
/// its eventfd); nothing else runs inside them. SIGINT stops at once as uWSGI's; SIGTERM and SIGQUIT let
/// in-flight requests finish (the master issue brings uWSGI's reload meanings). With HTTPS sockets, SIGHUP reads the
/// certificates and keys again (new handshakes get them, connections stay up): without a master there are no workers to
/// replace, and a renewed certificate must not cost a restart. Without HTTPS, SIGHUP keeps its default.
/// </summary>
internal sealed class SignalHandlers : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalHandlers()
    {
    }

    public static SignalHandlers Install(LoopThreads server, ILogger logger, Kestrel.KestrelFront? https = null)
    {
        var handlers = new SignalHandlers();
        if (https is { ServesTls: true })
        {
            handlers._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                logger.SignalReceived("SIGHUP", "reloading the TLS certificates");
                // Off the signal thread: reading files and building certificate contexts takes a while.
                _ = Task.Run(https.ReloadCertificates);
            }));
        }
        handlers.Add(PosixSignal.SIGINT, server, logger, graceful: false);
        handlers.Add(PosixSignal.SIGTERM, server, logger, graceful: true);
        handlers.Add(PosixSignal.SIGQUIT, server, logger, graceful: true);
        // A master that re-executed itself into a configuration without a master arrives here with its signals
        // blocked (Master.Processes.ReexecSignalMask): unblock them now that they are handled.
        Master.Processes.ReexecSignalMask.Unblock();
        return handlers;
    }

    private void Add(PosixSignal signal, LoopThreads server, ILogger logger, bool graceful)
    {
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            logger.SignalReceived(signal.ToString(), graceful ? "graceful stop" : "stopping now");
            server.RequestStop(graceful);
        }));
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
