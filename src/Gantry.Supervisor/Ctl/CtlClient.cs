using System.Net.Sockets;
using System.Text;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>
/// An XML-RPC client of a supervisor (Gantry's or supervisord): POST /RPC2 over <c>unix:///path</c> or
/// <c>http://host:port</c>, basic auth when configured, one connection per call (as supervisorctl's transport
/// reconnects). Blocking: <c>gantry ctl</c> is a command, not a loop.
/// </summary>
internal sealed class CtlClient(string serverUrl, string? username, string? password)
{
    public string ServerUrl { get; } = serverUrl;

    public object? Call(string method, params object?[] parameters)
    {
        var body = XmlRpcWriter.Call(method, parameters);
        using var socket = Connect();
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = new StringBuilder();
        head.Append("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nConnection: close\r\n");
        if (username is not null)
        {
            head.Append("Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))).Append("\r\n");
        }
        head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        stream.Write(Encoding.ASCII.GetBytes(head.ToString()));
        stream.Write(body);
        using var response = new MemoryStream();
        stream.CopyTo(response);
        var bytes = response.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (split < 0)
        {
            throw new IOException("the server closed the connection before a whole response");
        }
        var statusLine = Encoding.ASCII.GetString(bytes, 0, bytes.AsSpan().IndexOf("\r\n"u8));
        if (statusLine.Contains(" 401", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException("Server requires authentication");
        }
        return XmlRpcReader.ReadResponse(new MemoryStream(bytes, split + 4, bytes.Length - split - 4));
    }

    /// <summary>The GET supervisorctl's HTTPHandler sends (basic auth only when a password is set, as it does).</summary>
    public string GetRequest(string path)
    {
        var host = ServerUrl.StartsWith("unix://", StringComparison.Ordinal) ? "" : new Uri(ServerUrl).Authority;
        var head = new StringBuilder();
        head.Append("GET ").Append(path).Append(" HTTP/1.1\r\nHost: ").Append(host)
            .Append("\r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n");
        if (!string.IsNullOrEmpty(password))
        {
            head.Append("Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"))).Append("\r\n");
        }
        return head.Append("\r\n").ToString();
    }

    public Socket Connect()
    {
        if (ServerUrl.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(ServerUrl["unix://".Length..]));
            return socket;
        }
        var uri = new Uri(ServerUrl);
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);
        tcp.Connect(uri.Host, uri.Port < 0 ? 80 : uri.Port);
        return tcp;
    }
}
