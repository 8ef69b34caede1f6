using System.Runtime.InteropServices;
using Gantry.Master.Supervision;
using Gantry.Posix.Processes;

namespace Gantry.Master.Control;

/// <summary>
/// The master's signals with uWSGI 2.0's meanings (core/master.c): SIGHUP graceful reload, SIGTERM brutal
/// reload, SIGINT and SIGQUIT shutdown, SIGUSR1 stats; die-on-term swaps SIGTERM and SIGQUIT. The handlers
/// only queue a command: nothing runs inside them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class MasterSignals : IDisposable
{
    private const int SIGUSR1 = SignalNumbers.SIGUSR1;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public MasterSignals(bool dieOnTerm, Action<MasterCommand> post)
    {
        foreach (var signal in new[] { PosixSignal.SIGHUP, PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGCHLD, (PosixSignal)SIGUSR1 })
        {
            Add(signal, Meaning(signal, dieOnTerm), post);
        }
        // A re-executed master starts with these blocked (see ReexecSignalMask); what arrived meanwhile is handled now.
        Processes.ReexecSignalMask.Unblock();
    }

    /// <summary>What a signal means to the master (for tests and docs).</summary>
    public static MasterCommandKind Meaning(PosixSignal signal, bool dieOnTerm) => signal switch
    {
        PosixSignal.SIGHUP => MasterCommandKind.GracefulReload,
        PosixSignal.SIGTERM => dieOnTerm ? MasterCommandKind.GracefulShutdown : MasterCommandKind.BrutalReload,
        PosixSignal.SIGQUIT => dieOnTerm ? MasterCommandKind.BrutalReload : MasterCommandKind.BrutalShutdown,
        PosixSignal.SIGCHLD => MasterCommandKind.ReapChildren,
        (PosixSignal)SIGUSR1 => MasterCommandKind.LogStats,
        _ => MasterCommandKind.BrutalShutdown,
    };

    private void Add(PosixSignal signal, MasterCommandKind kind, Action<MasterCommand> post)
    {
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            post(new MasterCommand(kind));
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
