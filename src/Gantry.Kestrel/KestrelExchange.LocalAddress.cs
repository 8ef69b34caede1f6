using System.Net;
using System.Text;
using Gantry.Application;

namespace Gantry.Kestrel;

/// <summary>SERVER_ADDR over HTTPS: the local address Kestrel accepted the connection on, formatted only when a host asks.</summary>
internal sealed partial class KestrelExchange : ILocalAddressSource
{
    private IPAddress? _localIp;
    private byte[]? _localText;

    /// <inheritdoc />
    public ReadOnlySpan<byte> LocalAddress
    {
        get
        {
            if (_localText is null && _localIp is { } ip)
            {
                _localText = Encoding.ASCII.GetBytes((ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString());
            }
            return _localText;
        }
    }

    /// <summary>Remembers the request's local address (Kestrel's thread, before the request is posted).</summary>
    private void NoteLocalAddress(IPAddress? local)
    {
        _localIp = local;
        _localText = null;
        Request.LocalAddress = this;
    }
}
