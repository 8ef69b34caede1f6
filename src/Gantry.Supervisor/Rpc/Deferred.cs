namespace Gantry.Supervisor.Rpc;

/// <summary>
/// A result not known yet (supervisord's deferred callbacks: startProcess waiting for RUNNING, stopProcess for
/// STOPPED): polled on every loop turn until it returns something other than <see cref="NotDoneYet"/>, or throws an
/// <see cref="RpcFault"/>. The connection waits; the loop does not.
/// </summary>
internal sealed class Deferred(Func<object?> poll)
{
    public static readonly object NotDoneYet = new();

    public object? Poll() => poll();
}
