using System.Collections;
using System.Text;
using Gantry.Application;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.ScriptEnvironment;

/// <summary>
/// A script's environment (RFC 3875 §4.1, uWSGI uwsgi_cgi_run): the server's, then the request's, then the defaults
/// where absent, then what the script's location decides, then cgi-unset. Values are the bytes the front read.
/// </summary>
public sealed class CgiEnvironmentTests : IDisposable
{
    private const string Root = "/srv/cgi";

    private readonly RequestContext _request = new(1 << 20, Path.GetTempPath());

    public void Dispose() => _request.Dispose();

    private static CgiEnvironment Environment(IEnumerable<string>? unset = null, params (string Name, string Value)[] server)
    {
        var variables = new Hashtable();
        foreach (var (name, value) in server)
        {
            variables[name] = value;
        }
        return new CgiEnvironment(variables, "gantry/test", unset ?? []);
    }

    private static CgiScript Script(string? scriptName = "/cgi/run.cgi", string? pathInfo = null) =>
        new(Root + "/run.cgi", null, Root + "/run.cgi", scriptName, pathInfo, Root, Root);

    private void Request(string name, string value) => _request.Variables.Add(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));

    /// <summary>NAME → value bytes; each name once.</summary>
    private static Dictionary<string, byte[]> Entries(List<byte[]> entries)
    {
        var byName = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = Array.IndexOf(entry, (byte)'=');
            Assert.True(equals > 0, $"entry without a name: {Encoding.Latin1.GetString(entry)}");
            var name = Encoding.Latin1.GetString(entry, 0, equals);
            Assert.True(byName.TryAdd(name, entry[(equals + 1)..]), $"{name} appears twice");
        }
        return byName;
    }

    private static string Text(Dictionary<string, byte[]> entries, string name) => Encoding.Latin1.GetString(entries[name]);

    [Fact]
    public void Build_RequestVariableNamedLikeServerOne_RequestWinsOnce()
    {
        Request("HTTP_HOST", "from-request");
        Request("REQUEST_METHOD", "GET");

        var entries = Entries(Environment(null, ("HTTP_HOST", "from-server"), ("PATH", "/usr/bin:/bin")).Build(_request, Script()));

        Assert.Equal("from-request", Text(entries, "HTTP_HOST"));
        Assert.Equal("/usr/bin:/bin", Text(entries, "PATH"));
        Assert.Equal("GET", Text(entries, "REQUEST_METHOD"));
    }

    [Fact]
    public void Build_DefaultsAbsent_GatewaySoftwareRedirectStatusAndDocumentRootAdded()
    {
        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal("CGI/1.1", Text(entries, "GATEWAY_INTERFACE"));
        Assert.Equal("gantry/test", Text(entries, "SERVER_SOFTWARE"));
        Assert.Equal("200", Text(entries, "REDIRECT_STATUS"));
        Assert.Equal(Root, Text(entries, "DOCUMENT_ROOT"));
    }

    [Fact]
    public void Build_DefaultsGivenByRequest_RequestValuesKept()
    {
        Request("GATEWAY_INTERFACE", "CGI/1.0");
        Request("SERVER_SOFTWARE", "nginx");
        Request("REDIRECT_STATUS", "404");
        Request("DOCUMENT_ROOT", "/var/www");

        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal("CGI/1.0", Text(entries, "GATEWAY_INTERFACE"));
        Assert.Equal("nginx", Text(entries, "SERVER_SOFTWARE"));
        Assert.Equal("404", Text(entries, "REDIRECT_STATUS"));
        Assert.Equal("/var/www", Text(entries, "DOCUMENT_ROOT"));
    }

    [Fact]
    public void Build_DefaultsGivenByServerEnvironment_ServerValuesKept()
    {
        // uWSGI sets them with setenv(…, 0): a variable the server's own environment has stays.
        var entries = Entries(Environment(null, ("GATEWAY_INTERFACE", "CGI/1.0"), ("SERVER_SOFTWARE", "custom")).Build(_request, Script()));

        Assert.Equal("CGI/1.0", Text(entries, "GATEWAY_INTERFACE"));
        Assert.Equal("custom", Text(entries, "SERVER_SOFTWARE"));
    }

    [Fact]
    public void Build_Script_ScriptNameAndFileNameFromItsLocation()
    {
        Request("SCRIPT_NAME", "");
        Request("SCRIPT_FILENAME", "/etc/passwd");

        var entries = Entries(Environment().Build(_request, Script(scriptName: "/cgi/run.cgi")));

        Assert.Equal("/cgi/run.cgi", Text(entries, "SCRIPT_NAME"));
        Assert.Equal(Root + "/run.cgi", Text(entries, "SCRIPT_FILENAME"));
    }

    [Fact]
    public void Build_ScriptWithoutScriptName_RequestsScriptNameKept()
    {
        Request("SCRIPT_NAME", "/mounted");

        var entries = Entries(Environment().Build(_request, Script(scriptName: null)));

        Assert.Equal("/mounted", Text(entries, "SCRIPT_NAME"));
    }

    [Fact]
    public void Build_PathInfoWithoutRequestDocumentRoot_TranslatedFromScriptsRoot()
    {
        Request("PATH_INFO", "/cgi/run.cgi/a/b");

        var entries = Entries(Environment().Build(_request, Script(pathInfo: "/a/b")));

        Assert.Equal("/a/b", Text(entries, "PATH_INFO"));
        Assert.Equal(Root + "/a/b", Text(entries, "PATH_TRANSLATED"));
    }

    [Fact]
    public void Build_PathInfoWithRequestDocumentRoot_TranslatedFromRequestsRoot()
    {
        Request("DOCUMENT_ROOT", "/var/www");

        var entries = Entries(Environment().Build(_request, Script(pathInfo: "/a/b")));

        Assert.Equal("/var/www/a/b", Text(entries, "PATH_TRANSLATED"));
        Assert.Equal("/var/www", Text(entries, "DOCUMENT_ROOT"));
    }

    [Fact]
    public void Build_PathInfoWithEmptyRequestDocumentRoot_TranslatedFromScriptsRoot()
    {
        Request("DOCUMENT_ROOT", "");

        var entries = Entries(Environment().Build(_request, Script(pathInfo: "/a")));

        Assert.Equal(Root + "/a", Text(entries, "PATH_TRANSLATED"));
    }

    [Fact]
    public void Build_NoPathInfo_PathInfoAndTranslatedRemoved()
    {
        Request("PATH_INFO", "/cgi/run.cgi");
        Request("PATH_TRANSLATED", "/somewhere");

        var entries = Entries(Environment(null, ("PATH_TRANSLATED", "/server")).Build(_request, Script(pathInfo: null)));

        Assert.False(entries.ContainsKey("PATH_INFO"));
        Assert.False(entries.ContainsKey("PATH_TRANSLATED"));
    }

    [Fact]
    public void Build_EmptyPathInfo_SetEmptyAndTranslatedToTheRoot()
    {
        // A mount naming one script, asked for at its mountpoint exactly: uWSGI sets PATH_INFO to "".
        var entries = Entries(Environment().Build(_request, Script(pathInfo: string.Empty)));

        Assert.Equal(string.Empty, Text(entries, "PATH_INFO"));
        Assert.Equal(Root, Text(entries, "PATH_TRANSLATED"));
    }

    [Fact]
    public void Build_BodyWithoutContentLength_ContentLengthAdded()
    {
        _request.Body.Append(new byte[1234]);

        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal("1234", Text(entries, "CONTENT_LENGTH"));
    }

    [Fact]
    public void Build_BodyWithContentLength_RequestsValueKept()
    {
        Request("CONTENT_LENGTH", "5");
        _request.Body.Append("hello"u8);

        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal("5", Text(entries, "CONTENT_LENGTH"));
    }

    [Fact]
    public void Build_NoBody_NoContentLength()
    {
        var entries = Entries(Environment().Build(_request, Script()));

        Assert.False(entries.ContainsKey("CONTENT_LENGTH"));
    }

    [Fact]
    public void Build_Unset_RemovesServerRequestAndComputedNames()
    {
        Request("HTTP_PROXY", "http://attacker");
        Request("HTTP_HOST", "example.org");

        var entries = Entries(Environment(["HTTP_PROXY", "SECRET", "REDIRECT_STATUS", "PATH_TRANSLATED"], ("SECRET", "s3cr3t"), ("PATH", "/bin"))
            .Build(_request, Script(pathInfo: "/x")));

        Assert.False(entries.ContainsKey("HTTP_PROXY"));
        Assert.False(entries.ContainsKey("SECRET"));
        Assert.False(entries.ContainsKey("REDIRECT_STATUS"));
        Assert.False(entries.ContainsKey("PATH_TRANSLATED"));
        Assert.Equal("/x", Text(entries, "PATH_INFO"));
        Assert.Equal("example.org", Text(entries, "HTTP_HOST"));
        Assert.Equal("/bin", Text(entries, "PATH"));
    }

    [Fact]
    public void Build_HeaderValueWithLatin1Byte_ByteKeptAsIs()
    {
        _request.Variables.Add("HTTP_X_NAME"u8, [(byte)'c', (byte)'a', (byte)'f', 0xE9]);

        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal(new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 }, entries["HTTP_X_NAME"]);
    }

    [Fact]
    public void Build_HeaderValueWithUtf8Bytes_BytesKeptAsIs()
    {
        _request.Variables.Add("HTTP_X_NAME"u8, "café"u8);

        var entries = Entries(Environment().Build(_request, Script()));

        Assert.Equal("café"u8.ToArray(), entries["HTTP_X_NAME"]);
    }

    [Fact]
    public void Build_RequestDocumentRootWithLatin1Byte_PathTranslatedKeepsTheByte()
    {
        // A fixed bug: PATH_TRANSLATED decodes the request's DOCUMENT_ROOT as latin-1 and re-encodes it as UTF-8, so
        // byte 0xE9 reaches the script as C3 A9. uWSGI concatenates the bytes (document_root + path_info).
        _request.Variables.Add("DOCUMENT_ROOT"u8, [(byte)'/', (byte)'c', 0xE9]);

        var entries = Entries(Environment().Build(_request, Script(pathInfo: "/x")));

        Assert.Equal(new byte[] { (byte)'/', (byte)'c', 0xE9 }, entries["DOCUMENT_ROOT"]);
        Assert.Equal(new byte[] { (byte)'/', (byte)'c', 0xE9, (byte)'/', (byte)'x' }, entries["PATH_TRANSLATED"]);
    }

    [Fact]
    public void Build_RequestDocumentRootInUtf8_PathTranslatedKeepsTheBytes()
    {
        // The common case of the one above (a fixed bug): nginx sends a UTF-8 root ("/srv/café") as its bytes, and
        // PATH_TRANSLATED comes out double-encoded ("/srv/cafÃ©/x").
        _request.Variables.Add("DOCUMENT_ROOT"u8, "/srv/café"u8);

        var entries = Entries(Environment().Build(_request, Script(pathInfo: "/x")));

        Assert.Equal("/srv/café/x"u8.ToArray(), entries["PATH_TRANSLATED"]);
    }

    [Fact]
    public void Build_NonAsciiScriptLocation_Utf8BytesOfThePath()
    {
        var script = new CgiScript("/srv/cgi/café.cgi", null, "/srv/cgi/café.cgi", "/cgi/café.cgi", "/naïve", Root, Root);

        var entries = Entries(Environment().Build(_request, script));

        Assert.Equal("/srv/cgi/café.cgi"u8.ToArray(), entries["SCRIPT_FILENAME"]);
        Assert.Equal("/cgi/café.cgi"u8.ToArray(), entries["SCRIPT_NAME"]);
        Assert.Equal("/naïve"u8.ToArray(), entries["PATH_INFO"]);
    }
}
