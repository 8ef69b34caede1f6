using System.Text;
using Gantry.Application;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>Request contexts filled as a front fills them: the CGI variables of RFC 3875 plus HTTP_* headers.</summary>
public static class Requests
{
    /// <summary>A request with the usual CGI variables; the body (if any) gets CONTENT_LENGTH.</summary>
    public static RequestContext Create(
        string method = "GET",
        string path = "/",
        string query = "",
        byte[]? body = null,
        int memoryLimit = 1024 * 1024,
        bool https = false,
        params (string Name, string Value)[] headers)
    {
        var context = new RequestContext(memoryLimit, Path.GetTempPath()) { IsHttps = https };
        var variables = context.Variables;
        Add(variables, "REQUEST_METHOD", method);
        Add(variables, "REQUEST_URI", query.Length > 0 ? $"{path}?{query}" : path);
        Add(variables, "SCRIPT_NAME", "");
        Add(variables, "PATH_INFO", path);
        Add(variables, "QUERY_STRING", query);
        Add(variables, "SERVER_PROTOCOL", "HTTP/1.1");
        Add(variables, "SERVER_NAME", "localhost");
        Add(variables, "SERVER_PORT", https ? "443" : "8080");
        Add(variables, "REMOTE_ADDR", "127.0.0.1");
        Add(variables, "REMOTE_PORT", "54321");
        if (https)
        {
            Add(variables, "HTTPS", "on");
        }
        if (body is not null)
        {
            Add(variables, "CONTENT_LENGTH", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Body.Append(body);
        }
        variables.AddHttpHeader("Host"u8, "localhost:8080"u8);
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                Add(variables, "CONTENT_TYPE", value);
            }
            else
            {
                variables.AddHttpHeader(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));
            }
        }
        return context;
    }

    /// <summary>A POST with a body and its content type.</summary>
    public static RequestContext Post(string path, byte[] body, string contentType = "application/octet-stream", int memoryLimit = 1024 * 1024) =>
        Create("POST", path, body: body, memoryLimit: memoryLimit, headers: [("Content-Type", contentType)]);

    private static void Add(CgiVariables variables, string key, string value) =>
        variables.Add(Encoding.Latin1.GetBytes(key), Encoding.Latin1.GetBytes(value));
}
