using System.Text;
using Gantry.Application;
using Gantry.Server.Http;
using Gantry.Server.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Kestrel;

/// <summary>
/// Turns a request Kestrel parsed (HTTP/1.1 or HTTP/2) into the CGI variables our own HTTP front gives
/// (<c>HttpCgiBuilder</c>), plus <c>HTTPS=on</c> as nginx's <c>$https</c> and uWSGI's https router set it, so the host sees one
/// request shape whichever front carried it. Runs on Kestrel's thread, before the request is posted.
/// </summary>
internal static class KestrelCgiBuilder
{
    /// <summary>Fills <paramref name="variables"/>; false when the path decodes to a NUL (refused with 400, as the HTTP front does).</summary>
    public static bool Build(HttpContext context, Listener listener, CgiVariables variables)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        Add(variables, "REQUEST_METHOD"u8, request.Method);
        Add(variables, "REQUEST_URI"u8, target);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        if (path.Length == 0 || path[0] != '/')
        {
            // An absolute-form target (RFC 9112 §3.2.2) or "*": PATH_INFO is Kestrel's decoded path then.
            path = request.Path.HasValue ? request.Path.Value! : "/";
        }
        var decodedOk = PercentDecoder.SetDecodedPath(variables, "PATH_INFO"u8, Encoding.Latin1.GetBytes(path));
        Add(variables, "QUERY_STRING"u8, query);
        Add(variables, "SERVER_PROTOCOL"u8, request.Protocol);
        variables.Add("SCRIPT_NAME"u8, default);
        variables.Add("SERVER_NAME"u8, listener.ServerName);
        variables.Add("SERVER_PORT"u8, listener.ServerPort);
        if (context.Request.IsHttps)
        {
            variables.Add("HTTPS"u8, "on"u8);
        }
        var connection = context.Connection;
        Add(variables, "REMOTE_ADDR"u8, connection.RemoteIpAddress is { } remote
            ? (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString()
            : "");
        if (connection.RemoteIpAddress is not null)
        {
            Add(variables, "REMOTE_PORT"u8, connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var header in request.Headers)
        {
            var name = header.Key;
            if (name.Length == 0 || name[0] == ':')
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                AddHeader(variables, name, value ?? "");
            }
        }
        return decodedOk;
    }

    private static void AddHeader(CgiVariables variables, string name, string value)
    {
        if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            Add(variables, "CONTENT_TYPE"u8, value, set: true);
        }
        else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            Add(variables, "CONTENT_LENGTH"u8, value, set: true);
        }
        else if (name.Contains('_', StringComparison.Ordinal)
            || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Proxy", StringComparison.OrdinalIgnoreCase))
        {
            // As the HTTP front (HttpCgiBuilder.IsDropped): '_' names would collide, Proxy is httpoxy.
        }
        else
        {
            variables.AddHttpHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));
        }
    }

    private static void Add(CgiVariables variables, ReadOnlySpan<byte> key, string value, bool set = false)
    {
        var bytes = Encoding.Latin1.GetBytes(value);
        if (set)
        {
            variables.Set(key, bytes);
        }
        else
        {
            variables.Add(key, bytes);
        }
    }
}
