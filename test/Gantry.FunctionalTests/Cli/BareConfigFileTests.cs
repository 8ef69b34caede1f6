using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cli;

/// <summary>
/// Issue 9: the seed runs `uwsgi wsgi.conf`. Gantry reads a bare argument of any extension as ini when the file holds an
/// [uwsgi] section, and refuses any other bare argument with a clear error.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class BareConfigFileTests
{
    // The seed's wsgi.conf, verbatim. Its port cannot be overridden from the command line: `http` is repeatable, so a
    // later --http adds a second listener and :8000 would still be bound. The test runs a copy with only the port
    // changed; Gantry.Configuration.Tests' BareConfigFileTests reads the verbatim file.
    private const string SeedConf = """
        [uwsgi]
        # Minimal uWSGI config for the seed app
        http = :8000
        wsgi-file = app.py
        master = true
        processes = 2

        """;

    private const string HelloApp = """
        def application(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"Hello"]
        """;

    [Fact]
    public async Task SeedConf_CopyWithPortZero_ServesHelloFromTwoWorkers()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("app.py", HelloApp);
        var conf = SeedConf.Replace("http = :8000\n", "http = 127.0.0.1:0\n", StringComparison.Ordinal);
        Assert.NotEqual(SeedConf, conf);
        folder.WriteFile("wsgi.conf", conf);

        await using var gantry = await GantryProcess.StartReadyAsync(["wsgi.conf"], folder.Path);

        var address = Assert.Single(gantry.Addresses);
        Assert.Equal(("http", "127.0.0.1"), (address.Scheme, address.Host));
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("Hello", await client.GetStringAsync("/"));
        }

        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task PythonScript_BareArgument_ExitsOneSuggestingWsgiFile()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("app.py", HelloApp);

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "app.py"], folder.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"app.py: unexpected argument; {folder.Combine("app.py")} has no [uwsgi] section", output, StringComparison.Ordinal);
        Assert.Contains("use --wsgi-file app.py", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gantry ready", output, StringComparison.Ordinal);
    }
}
