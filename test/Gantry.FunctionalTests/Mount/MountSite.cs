using System.Net;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Mount;

/// <summary>
/// A folder with three small WSGI apps that answer with their name and the SCRIPT_NAME / PATH_INFO they got
/// (main.py for the wsgi-file, a.py and b.py to mount, as a file or as the module <c>a</c>), plus a broken one.
/// </summary>
internal sealed class MountSite : IDisposable
{
    private const string EchoApp = """
        import json

        def application(environ, start_response):
            body = json.dumps({"app": NAME, "SCRIPT_NAME": environ.get("SCRIPT_NAME"), "PATH_INFO": environ.get("PATH_INFO")}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        """;

    private readonly TemporaryDirectory _folder;

    public MountSite(string name)
    {
        _folder = RepoPaths.CreateTemporaryDirectory(name);
        foreach (var app in new[] { "main", "a", "b" })
        {
            _folder.WriteFile(app + ".py", $"NAME = \"{app}\"\n" + EchoApp);
        }
        _folder.WriteFile("broken.py", "raise RuntimeError('broken on purpose')\n");
    }

    /// <summary>The folder; run servers in it so that relative app paths and module names resolve.</summary>
    public string Path => _folder.Path;

    /// <summary>Writes a file in the folder (an ini, another app).</summary>
    public string WriteFile(string name, string contents) => _folder.WriteFile(name, contents);

    /// <summary>GET <paramref name="path"/> over HTTP/1.0; (status, app, SCRIPT_NAME, PATH_INFO) from the echo's JSON.</summary>
    public static async Task<Answer> GetAsync(EndPoint endPoint, string path)
    {
        var response = await HttpProbe.ExchangeAsync(endPoint, $"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n");
        return Parse(response.StatusCode, response.BodyText);
    }

    /// <summary>Reads the echo's JSON; a body that is not JSON (a 500) keeps only the status.</summary>
    public static Answer Parse(int status, string body)
    {
        if (status != 200)
        {
            return new Answer(status, null, null, null);
        }
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new Answer(status, root.GetProperty("app").GetString(),
            root.GetProperty("SCRIPT_NAME").GetString(), root.GetProperty("PATH_INFO").GetString());
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>What one request got.</summary>
    public sealed record Answer(int Status, string? App, string? ScriptName, string? PathInfo)
    {
        /// <summary>
        /// uWSGI leaves SCRIPT_NAME out of the environ when --manage-script-name sees a PATH_INFO of "/" or ""
        /// (it only adds the slot for longer paths); PEP 3333 allows an empty SCRIPT_NAME, which Gantry always sends.
        /// </summary>
        public Answer WithEmptyScriptName() => this with { ScriptName = ScriptName ?? (Status == 200 ? "" : null) };
    }
}
