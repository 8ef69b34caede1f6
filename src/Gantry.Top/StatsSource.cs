using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gantry.Top;

/// <summary>
/// Where a stats document comes from, as uwsgitop takes it: "http://host:port/…" (--stats-http), "host:port" (TCP),
/// "/path/to.sock" (unix) or "@name" (abstract unix). Gantry's and uWSGI's stats servers both answer.
/// </summary>
public sealed class StatsSource
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _address;

    public StatsSource(string address) => _address = address.Trim();

    /// <summary>What the user gave.</summary>
    public string Address => _address;

    /// <summary>Reads one document; throws <see cref="IOException"/> (or an HTTP/socket error) when it cannot.</summary>
    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        if (_address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || _address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return await Http.GetStringAsync(_address, cancellationToken);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var endPoint = EndPoint();
        using var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, timeout.Token);
        using var document = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            document.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(document.GetBuffer(), 0, (int)document.Length);
    }

    private EndPoint EndPoint()
    {
        if (_address.StartsWith('@'))
        {
            return new UnixDomainSocketEndPoint("\0" + _address[1..]);
        }
        if (_address.Contains('/'))
        {
            return new UnixDomainSocketEndPoint(_address);
        }
        var colon = _address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(_address.AsSpan(colon + 1), out var port))
        {
            throw new ArgumentException($"'{_address}' is not host:port, a unix socket path, @name or an http:// address");
        }
        var host = _address[..colon].Trim('[', ']');
        return host.Length == 0 ? new IPEndPoint(IPAddress.Loopback, port)
            : IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port)
            : new DnsEndPoint(host, port);
    }
}
