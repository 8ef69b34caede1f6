using System.Text;
using Gantry.Application;

namespace Gantry.Python.Asgi;

/// <summary>Error paths of the ASGI host: the request line a log line names.</summary>
internal static class AsgiErrors
{
    /// <summary>"METHOD /path" from the request's variables (error paths: allocates).</summary>
    public static string RequestLine(RequestContext context)
    {
        var method = context.Variables.TryGetValue("REQUEST_METHOD"u8, out var methodBytes) ? Encoding.Latin1.GetString(methodBytes) : "?";
        var path = context.Variables.TryGetValue("REQUEST_URI"u8, out var uri) || context.Variables.TryGetValue("PATH_INFO"u8, out uri)
            ? Encoding.Latin1.GetString(uri)
            : "?";
        return method + " " + path;
    }
}
