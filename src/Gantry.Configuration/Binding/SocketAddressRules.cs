using System.Globalization;

namespace Gantry.Configuration.Binding;

/// <summary>
/// The socket address forms uWSGI accepts (core/socket.c): <c>host:port</c>, <c>:port</c>, <c>[ipv6]:port</c>,
/// a unix socket path (anything without ':'), <c>@name</c> for the abstract namespace, and Gantry's <c>fd://N</c> (an
/// already-open listening socket, daphne's --fd).
/// </summary>
internal static class SocketAddressRules
{
    private const string Examples = "such as 127.0.0.1:3031, :9090, [::1]:9090 or /run/app.sock";

    /// <summary>Null when <paramref name="address"/> is well formed, else what is wrong with it.</summary>
    public static string? Check(string address)
    {
        if (address.Length == 0)
        {
            return $"needs an address {Examples}";
        }

        if (address[0] == '=')
        {
            return "inherited sockets (=fd) are not supported; give an address to bind";
        }

        if (address.StartsWith("fd://", StringComparison.Ordinal))
        {
            // daphne's/uvicorn's --fd: a listening socket this process got open (checked when the sockets are taken).
            return int.TryParse(address.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? null
                : "fd://N needs N, the number of an open listening socket's descriptor";
        }

        int colon = address.LastIndexOf(':');
        if (address[0] == '@' || address[0] == '/' || address[0] == '.' || colon < 0)
        {
            return null;
        }

        string host = address[..colon];
        string port = address[(colon + 1)..];
        if (host.StartsWith('[') != host.EndsWith(']'))
        {
            return $"has an unbalanced IPv6 bracket; write an address {Examples}";
        }

        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            return $"IPv6 hosts need brackets, such as [::1]:{port}";
        }

        bool validPort = port.Length > 0 && port.All(char.IsAsciiDigit)
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= 65535;
        return validPort ? null : $"has no valid port after the last ':' (0 to 65535); write an address {Examples}";
    }
}
