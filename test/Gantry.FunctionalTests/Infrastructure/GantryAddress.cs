using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// One listener address from gantry's readiness line: <c>http://127.0.0.1:41234</c>, <c>http://[::1]:41235</c>
/// or <c>uwsgi://unix:/tmp/x/app.sock</c>.
/// </summary>
/// <param name="Scheme">The protocol served: http, https, uwsgi, fastcgi…; lower case.</param>
/// <param name="Host">The bound IP address or host name (IPv6 without brackets); null for a unix socket.</param>
/// <param name="Port">The bound TCP port; 0 for a unix socket.</param>
/// <param name="UnixPath">The unix socket path; null for TCP.</param>
public sealed record GantryAddress(string Scheme, string? Host, int Port, string? UnixPath)
{
    private const string UnixPrefix = "unix:";

    /// <summary>True for a unix domain socket.</summary>
    public bool IsUnix => UnixPath is not null;

    /// <summary>
    /// The host a client connects to: the bound host, except that a wildcard bind (0.0.0.0, ::, empty)
    /// is reached through the loopback address of the same family.
    /// </summary>
    public string? ConnectHost => Host switch
    {
        null => null,
        "" or "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        _ => Host,
    };

    /// <summary>Parses one address; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static GantryAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    /// <summary>Parses one address; false when it is not of the readiness line's form.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out GantryAddress? address) =>
        TryParse(text, out address, out _);

    private static bool TryParse(string text, [NotNullWhen(true)] out GantryAddress? address, out string error)
    {
        address = null;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !text[..separator].All(char.IsAsciiLetterLower))
        {
            error = $"'{text}' does not start with a lower-case scheme and '://'";
            return false;
        }

        var scheme = text[..separator];
        var rest = text[(separator + 3)..];
        if (rest.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            var path = rest[UnixPrefix.Length..];
            error = $"'{text}' has an empty unix socket path";
            address = path.Length == 0 ? null : new GantryAddress(scheme, null, 0, path);
            return address is not null;
        }

        // An IPv6 host is bracketed (RFC 3986 §3.2.2), so the port follows the last ':' either way.
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort)
        {
            error = $"'{text}' does not end with ':<port>' (0-65535)";
            return false;
        }

        var host = rest[..colon];
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']'))
            {
                error = $"'{text}' has an unclosed '[' around its IPv6 host";
                return false;
            }

            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            error = $"'{text}' has an IPv6 host without brackets";
            return false;
        }

        error = "";
        address = new GantryAddress(scheme, host, port, null);
        return true;
    }

    /// <summary>The socket address to connect to (see <see cref="ConnectHost"/>).</summary>
    public EndPoint ToEndPoint() => UnixPath is not null
        ? new UnixDomainSocketEndPoint(UnixPath)
        : IPAddress.TryParse(ConnectHost, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(ConnectHost!, Port);

    /// <summary>The base URI <c>scheme://host:port/</c> of a TCP address, for HttpClient.</summary>
    public Uri ToUri()
    {
        if (UnixPath is not null)
        {
            throw new InvalidOperationException($"{this} is a unix socket; it has no URI");
        }

        var host = ConnectHost!.Contains(':') ? $"[{ConnectHost}]" : ConnectHost;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{host}:{Port}/"));
    }

    /// <summary>The address as the readiness line writes it.</summary>
    public override string ToString() => UnixPath is not null
        ? $"{Scheme}://{UnixPrefix}{UnixPath}"
        : string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{(Host!.Contains(':') ? $"[{Host}]" : Host)}:{Port}");
}
