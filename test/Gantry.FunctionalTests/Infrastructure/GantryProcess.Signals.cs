using System.Runtime.InteropServices;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>Sending signals and stopping.</summary>
public sealed partial class GantryProcess
{
    /// <summary>Sends <paramref name="signal"/> to the process (kill(2)); does nothing once it has exited.</summary>
    public void Signal(Signum signal)
    {
        if (HasExited)
        {
            return;
        }

        if (Libc.Kill(Pid, (int)signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.ESRCH)
            {
                throw new InvalidOperationException($"kill({Pid}, {signal}) failed with errno {errno}");
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/>, waits for the exit, and after <paramref name="timeout"/> kills the process and
    /// its descendants with SIGKILL. Returns the exit code (128 + 9 = 137 when it had to be killed).
    /// </summary>
    /// <param name="signal">The signal that asks gantry to stop; SIGINT (uWSGI's shutdown) by default.</param>
    /// <param name="timeout">How long to wait before SIGKILL; <see cref="DefaultStopTimeout"/> when null.</param>
    public async Task<int> StopAsync(Signum signal = Signum.SIGINT, TimeSpan? timeout = null)
    {
        Signal(signal);
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout ?? DefaultStopTimeout)) != _exited.Task)
        {
            KillTree();
        }

        return await WaitForExitAsync(DefaultStopTimeout);
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
