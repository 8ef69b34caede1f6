namespace Gantry.Server.Connections;

/// <summary>A graceful stop as one connection takes it: an idle keep-alive connection, a request on its way, an upgraded one.</summary>
internal abstract partial class Connection
{
    /// <inheritdoc />
    public void OnShutdown()
    {
        if (_fd >= 0 && _upgraded)
        {
            EndUpgradeForShutdown();
            return;
        }
        if (_fd < 0 || State != ConnectionState.ReadingRequest || HasPartialRequest || _awaitingFirstBytes)
        {
            return;
        }
        // Closing a keep-alive connection between two requests of a busy client closes it under that client: its
        // next request, already in the socket or on its way, meets a reset or an end of stream and fails (wrk counts
        // a read error; RFC 9112 §9.3.1 lets only some clients retry). So: answer a request that is already there,
        // keep a connection that was active within ShutdownQuietSeconds for its next request (every response now
        // says "Connection: close"), and close at once only one that was already quiet.
        Services.ShuttingDown = true;
        _readable = true;
        Pump();
        if (_fd < 0 || State != ConnectionState.ReadingRequest || HasPartialRequest)
        {
            return;
        }
        var time = Services.Loop.Time;
        if (time.GetElapsedTime(_lastActivity).TotalSeconds >= ShutdownQuietSeconds)
        {
            Close();
            return;
        }
        _drainingIdle = true;
    }
}
