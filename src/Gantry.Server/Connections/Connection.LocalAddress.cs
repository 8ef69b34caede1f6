using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>
/// SERVER_ADDR for the hosts that send it (the PHP site, as nginx's fastcgi_params): the socket's local address,
/// asked of the kernel (getsockname) the first time a request of the connection needs it, then kept for the
/// connection's life. A listener on 0.0.0.0 thus reports the address the client actually reached, as nginx does.
/// </summary>
internal abstract unsafe partial class Connection : ILocalAddressSource
{
    private readonly PeerAddress _local = new();
    private bool _localKnown;

    /// <inheritdoc />
    public ReadOnlySpan<byte> LocalAddress
    {
        get
        {
            if (!_localKnown && _fd >= 0)
            {
                _localKnown = true;
                var sockaddr = stackalloc byte[PeerAddress.SockaddrSize];
                var length = PeerAddress.SockaddrSize;
                if (LibC.getsockname(_fd, sockaddr, &length) == 0)
                {
                    _local.Set(new ReadOnlySpan<byte>(sockaddr, length));
                }
            }
            return _local.Address;
        }
    }

    /// <summary>A new socket: its local address is found again when asked for.</summary>
    private void ForgetLocalAddress()
    {
        _localKnown = false;
        _local.Clear();
    }
}
