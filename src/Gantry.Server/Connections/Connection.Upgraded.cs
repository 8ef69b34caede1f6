using System.Buffers;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>
/// A connection that switched protocols (RFC 9110 §7.8; WebSocket on the HTTP front): the 101 is the committed head
/// of a response that lasts as long as the new protocol, so the host's steps, backpressure, Continue and Abort work as
/// for any long response. Meanwhile the pump keeps receiving as for a streamed body (<see cref="BodyArriving"/>): the
/// front's <see cref="ProcessInput"/> turns bytes into the new protocol's units and calls <see cref="SignalArrival"/>,
/// and <see cref="NotifyArrival"/> tells the host at the same place a body listener would be told, so a Continue made
/// there is picked up by the pump. An upgraded connection may stay quiet for ever (socket-timeout does not end it); it
/// closes, lingering, when the response completes.
/// </summary>
internal abstract partial class Connection
{
    private bool _upgraded;
    private bool _arrivalSignalled;
    private bool _finDeferred;

    /// <summary>True once the current response switched protocols.</summary>
    protected bool Upgraded => _upgraded;

    /// <summary>
    /// The front is writing the 101 head into <see cref="Output"/> (with <see cref="ResponseHeaders"/>, which the host
    /// added): the response is committed with <paramref name="status"/>, input keeps flowing to the front, and the
    /// connection closes when the response completes.
    /// </summary>
    protected void CommitUpgrade(ReadOnlySpan<byte> status)
    {
        status.CopyTo(_status);
        _statusLength = status.Length;
        _statusCode = 101;
        _committed = true;
        _upgraded = true;
        _bodyArriving = true;
        CloseAfterResponse = true;
    }

    /// <summary>The front has something new for the host: <see cref="NotifyArrival"/> runs once the input at hand was processed.</summary>
    protected void SignalArrival() => _arrivalSignalled = true;

    /// <summary>Tells the host of what <see cref="SignalArrival"/> announced (upgraded connections only).</summary>
    protected virtual void NotifyArrival()
    {
    }

    /// <summary>True when the output is below the high-water mark, after trying to send it if it was not.</summary>
    protected bool OutputBelowMark()
    {
        var mark = Services.Options.HighWaterMark;
        return Output.Pending < mark || (FlushOutput() && !_clientGone && Output.Pending < mark);
    }

    /// <summary>
    /// A graceful stop ends the switched protocol its way (<see cref="OnUpgradedShutdown"/>: WebSocket closes with 1001
    /// and tells the host), so that a long-lived connection does not hold the stop until its mercy runs out; the
    /// connection then ends when the host completes, as always.
    /// </summary>
    private void EndUpgradeForShutdown()
    {
        Services.ShuttingDown = true;
        OnUpgradedShutdown();
        Pump();
    }

    /// <summary>The process is stopping gracefully: end the new protocol (called once, loop thread, outside any host step).</summary>
    protected virtual void OnUpgradedShutdown()
    {
    }

    /// <summary>The socket closed and this object goes back to its pool: the front frees what a protocol held (zlib's state).</summary>
    protected virtual void OnClosed()
    {
    }

    /// <summary>
    /// True while the peer still owes an answer to the new protocol's closing message (WebSocket: the server sent its
    /// close frame and the client's has not come). RFC 6455 §7.1.1 wants the client to answer before TCP ends; a FIN
    /// sent with the close frame makes clients such as python3-websockets fail to send theirs ("no close frame sent").
    /// </summary>
    protected virtual bool PeerOwesClosingAnswer => false;

    /// <summary>Lingering begins: half-close now, or, while the peer owes its closing answer, once it sent something (or socket-timeout ends the linger).</summary>
    private void ShutDownWritingOrDefer()
    {
        if (_upgraded && PeerOwesClosingAnswer)
        {
            _finDeferred = true;
            return;
        }
        LibC.shutdown(_fd, LibC.SHUT_WR);
    }

    /// <summary>The lingering peer sent something (its close frame): the deferred half-close goes now.</summary>
    private void EndDeferredFin()
    {
        if (_finDeferred)
        {
            _finDeferred = false;
            LibC.shutdown(_fd, LibC.SHUT_WR);
        }
    }

    /// <summary>
    /// An upgraded connection that waits with nothing buffered gives its input buffer back to the shared pool and frees
    /// its output block when nothing waits to be sent (an idle WebSocket then holds neither; thousands of them are
    /// common); <see cref="RentInputIfReleased"/> takes an input buffer again at the next readable event, the next write
    /// a new output block. Called where a receive would block: after the 101 (the handshake read, nothing more came)
    /// and after each batch of frames.
    /// </summary>
    private void ReleaseIdleBuffers()
    {
        if (!_upgraded)
        {
            return;
        }
        if (_inputStart == _inputEnd && _input.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = [];
            _inputStart = _inputEnd = 0;
        }
        Output.ReleaseIfEmpty();
    }

    private void RentInputIfReleased()
    {
        if (_input.Length == 0)
        {
            _input = ArrayPool<byte>.Shared.Rent(InitialInputSize);
        }
    }

    /// <summary>The loop's 1 s tick on an upgraded connection (WebSocket keepalive pings); true when the pump must follow.</summary>
    protected virtual bool OnUpgradedTick(long now) => false;

    /// <summary>The loop's 1 s tick while a response that may still switch protocols is in progress (a WebSocket the host has not answered); true when the pump must follow.</summary>
    protected virtual bool OnRespondingTick(long now) => false;

    private bool TakeArrivalSignal()
    {
        var signalled = _arrivalSignalled;
        _arrivalSignalled = false;
        return signalled;
    }
}
