namespace Gantry.Server.Connections;

internal abstract partial class Connection
{
    /// <summary>
    /// Gives the socket and the bytes buffered from it to <paramref name="adopter"/> (h2c: Kestrel) and returns this
    /// object to its pool without closing the socket. Only between requests, before the application ever ran on it.
    /// </summary>
    protected void HandOff(Http.IHttp2PriorKnowledgeHandoff adopter)
    {
        var fd = _fd;
        var received = BufferedInput.ToArray();
        var listener = Listener;
        if (_registered)
        {
            // Out of this loop's epoll before the new owner registers it in its own.
            Services.Loop.Forget(_token);
            _registered = false;
        }
        Release();
        adopter.Adopt(fd, received, listener);
    }
}
