using System.Text;
using Gantry.Application;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>A request as a front would hand it over: CGI variables and a fully received body.</summary>
internal sealed record TestRequest(string Method, string PathInfo, string Query = "")
{
    public byte[] Body { get; init; } = [];

    /// <summary>Bodies above this many bytes are spooled to an unlinked temporary file, as a front does.</summary>
    public int BodyMemoryLimit { get; init; } = 1 << 20;

    /// <summary>More variables (HTTP_*, DOCUMENT_ROOT…), latin-1 bytes.</summary>
    public IReadOnlyList<(string Name, string Value)> Variables { get; init; } = [];

    public RequestContext ToContext()
    {
        var context = new RequestContext(BodyMemoryLimit, Path.GetTempPath());
        var variables = context.Variables;
        variables.Add("REQUEST_METHOD"u8, Encoding.Latin1.GetBytes(Method));
        variables.Add("PATH_INFO"u8, Encoding.UTF8.GetBytes(PathInfo));
        variables.Add("QUERY_STRING"u8, Encoding.Latin1.GetBytes(Query));
        variables.Add("REQUEST_URI"u8, Encoding.UTF8.GetBytes(Query.Length > 0 ? $"{PathInfo}?{Query}" : PathInfo));
        variables.Add("SERVER_PROTOCOL"u8, "HTTP/1.1"u8);
        if (Body.Length > 0)
        {
            variables.Add("CONTENT_LENGTH"u8, Encoding.ASCII.GetBytes(Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        foreach (var (name, value) in Variables)
        {
            variables.Add(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));
        }
        context.Body.Append(Body);
        return context;
    }
}
