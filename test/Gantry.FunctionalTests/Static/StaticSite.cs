using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Static;

/// <summary>
/// A Django-style deployment folder: app.py (answers "APP &lt;PATH_INFO&gt;"), static/ (mapped with static-map, with
/// an index directory and a symlink leaving it), public/ (check-static), secret/ outside both, an 8 MiB file, and
/// site.ini carrying the static rows exactly as a uWSGI ini writes them.
/// </summary>
internal sealed class StaticSite : IDisposable
{
    public const int LargeFileSize = 8 * 1024 * 1024;

    private const string App = """
        def application(environ, start_response):
            body = ("APP " + environ["PATH_INFO"]).encode("latin-1")
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        """;

    private readonly TemporaryDirectory _folder = RepoPaths.CreateTemporaryDirectory("static");

    public StaticSite()
    {
        _folder.WriteFile("app.py", App);
        _folder.WriteFile("static/css/site.css", "body { color: #333; }\n");
        _folder.WriteFile("static/js/app.js", "console.log('hi');\n");
        _folder.WriteFile("static/docs/index.html", "<h1>docs</h1>\n");
        _folder.WriteFile("static/empty.txt", "");
        _folder.WriteFile("static/settings.py", "SECRET_KEY = 'x'\n");
        _folder.WriteFile("public/robots.txt", "User-agent: *\n");
        _folder.WriteFile("public/index.html", "<p>home</p>\n");
        _folder.WriteFile("secret/key.txt", "top secret\n");
        File.CreateSymbolicLink(_folder.Combine("static", "leak.txt"), _folder.Combine("secret", "key.txt"));
        LargeFile = new byte[LargeFileSize];
        new Random(8).NextBytes(LargeFile);
        File.WriteAllBytes(_folder.Combine("static", "big.bin"), LargeFile);
        Ini = _folder.WriteFile("site.ini", $"""
            [uwsgi]
            wsgi-file = {_folder.Combine("app.py")}
            static-map = /static={_folder.Combine("static")}
            check-static = {_folder.Combine("public")}
            static-index = index.html
            static-skip-ext = .py
            """);
    }

    /// <summary>The folder; servers run in it.</summary>
    public string Path => _folder.Path;

    /// <summary>The ini both servers are started with.</summary>
    public string Ini { get; }

    /// <summary>The bytes of static/big.bin.</summary>
    public byte[] LargeFile { get; }

    /// <summary>Last-Modified of a file under the folder, as the servers format it.</summary>
    public string LastModified(string relative) =>
        File.GetLastWriteTimeUtc(_folder.Combine(relative)).ToString("r", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _folder.Dispose();
}
