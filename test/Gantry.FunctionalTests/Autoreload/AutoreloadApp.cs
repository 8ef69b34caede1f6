using System.Net;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Autoreload;

/// <summary>
/// A WSGI app in its own temporary directory: app.py imports helper.py (whose VALUE is the response body) and
/// ignored_module.py (watched unless ignored). Edits move the file's mtime a minute on each time, so a change
/// never depends on the file system's timestamp resolution or on how fast the test writes.
/// </summary>
internal sealed class AutoreloadApp : IDisposable
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly TemporaryDirectory _directory;
    private int _edits;

    public AutoreloadApp(TemporaryDirectory directory)
    {
        _directory = directory;
        directory.WriteFile("app.py", """
            import helper
            import ignored_module


            def application(environ, start_response):
                start_response('200 OK', [('Content-Type', 'text/plain')])
                return [helper.VALUE.encode()]
            """);
        directory.WriteFile("ignored_module.py", "FLAG = 1\n");
        WriteHelper("VALUE = 'one'\n");
    }

    public string AppFile => _directory.Combine("app.py");

    public string HelperFile => _directory.Combine("helper.py");

    public string IgnoredFile => _directory.Combine("ignored_module.py");

    /// <summary>A master with two workers serving the app, checking every second, plus <paramref name="extra"/>.</summary>
    public string[] Arguments(params string[] extra) =>
        ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", AppFile, "--py-autoreload", "1", .. extra];

    /// <summary>Replaces helper.py (the body of the next responses) and moves its mtime on.</summary>
    public void WriteHelper(string source) => Edit(HelperFile, source);

    /// <summary>Rewrites ignored_module.py and moves its mtime on.</summary>
    public void TouchIgnored() => Edit(IgnoredFile, "FLAG = 2\n");

    /// <summary>GET / on a new connection: the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri baseUri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "/"));
        request.Headers.ConnectionClose = true;
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _directory.Dispose();

    private void Edit(string path, string source)
    {
        File.WriteAllText(path, source);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(++_edits));
    }
}
