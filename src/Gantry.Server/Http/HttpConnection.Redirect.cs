using System.Text;

namespace Gantry.Server.Http;

internal sealed partial class HttpConnection
{
    /// <summary>
    /// uWSGI's http-to-https (plugins/http/https.c hr_force_https): 301 to https:// + the Host header without its port
    /// (SERVER_NAME without one) + ":port" when the socket names one + the request URI as sent. The connection closes
    /// after it, as uWSGI's router does, so an unread body never needs framing.
    /// </summary>
    private void RedirectToHttps()
    {
        var variables = Request.Variables;
        var host = variables.TryGetValue("HTTP_HOST"u8, out var given) && given.Length > 0 ? given : Listener.ServerName;
        // The port of an IPv6 literal follows its ']'; a bare name's follows its only ':'.
        var portStart = host.LastIndexOf((byte)':');
        if (portStart >= 0 && portStart > host.LastIndexOf((byte)']'))
        {
            host = host[..portStart];
        }
        variables.TryGetValue("REQUEST_URI"u8, out var uri);
        var builder = new StringBuilder("HTTP/1.1 301 Moved Permanently\r\nLocation: https://");
        builder.Append(Encoding.Latin1.GetString(host));
        if (Services.Options.HttpsRedirectPorts.TryGetValue(Listener.Address.Text, out var port) && port is not null)
        {
            builder.Append(':').Append(port);
        }
        builder.Append(uri.Length > 0 ? Encoding.Latin1.GetString(uri) : "/");
        builder.Append("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Output.Write(Encoding.Latin1.GetBytes(builder.ToString()));
        CloseAfterRefusal();
    }
}
