using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cli;

/// <summary>The command forms of issue 3's seed, each started for real and answering a request.</summary>
[Collection(GantryCollection.Name)]
public sealed class CommandFormTests
{
    private const string MyApp = """
        import os

        def application(environ, start_response):
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"the default callable was used"]

        def myapp(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"myapp here"]
        """;

    private const string PackageModule = """
        import os

        def application(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [("module greeting=%s cwd=%s" % (os.environ.get("GREETING"), os.getcwd())).encode()]
        """;

    [Fact]
    public async Task Http_ColonPortForm_BindsAllIPv4InterfacesAndServesStartPy()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(["--http", ":0", "--wsgi-file", "start.py"], RepoPaths.Examples);

        var address = Assert.Single(gantry.Addresses);
        Assert.Equal(("http", "0.0.0.0"), (address.Scheme, address.Host));
        Assert.NotEqual(0, address.Port);
        var response = await HttpProbe.ExchangeAsync(address, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "Hello World", "text/html"), (response.StatusCode, response.BodyText, response.Header("Content-Type")));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task RepositoryWrapper_SeedCommand_RunsTheBuiltServer()
    {
        // ./gantry at the repository root execs out/gantry (it publishes only when the binary is missing).
        var wrapper = Path.Combine(RepoPaths.Root, "gantry");
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "out", "gantry")), "out/gantry is missing: publish it before the tests");
        await using var gantry = GantryProcess.Start(wrapper, ["--http", ":0", "--wsgi-file", "start.py"], RepoPaths.Examples, null);
        await gantry.WaitForReadyAsync(GantryProcess.DefaultReadyTimeout);

        Assert.Equal(gantry.Pid, gantry.Readiness!.Pid);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Http_EqualsForm_SameAsSeparateValue()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(["--http=127.0.0.1:0", "--wsgi-file=start.py"], RepoPaths.Examples);

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task WsgiFile_WithCallableOption_ServesThatCallable()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("start.py", MyApp);

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", ":0", "--wsgi-file", "start.py", "--callable", "myapp"], folder.Path);

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("myapp here", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task HttpSocket_ChdirModuleCallableAndEnv_ServesTheModuleFromThatFolder()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("prj/__init__.py", "");
        folder.WriteFile("prj/wsgi.py", PackageModule);

        // Started from the repository root: --chdir alone must make prj importable.
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http-socket", "127.0.0.1:0", "--chdir", folder.Path, "--module", "prj.wsgi:application", "--env", "GREETING=hi"],
            RepoPaths.Root);

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal($"module greeting=hi cwd={folder.Path}", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Module_WithoutCallable_UsesApplication()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("prj/__init__.py", "");
        folder.WriteFile("prj/wsgi.py", PackageModule);

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--chdir", folder.Path, "-w", "prj.wsgi"], RepoPaths.Root);

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.StartsWith("module greeting=None", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IniFile_SoleArgument_ReadsTheUwsgiSectionWithPlaceholdersAndMagicVariables()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("prj/__init__.py", "");
        folder.WriteFile("prj/wsgi.py", PackageModule);
        folder.WriteFile("wsgi.ini", """
            [uwsgi]
            ; a comment
            # another comment
            http = 127.0.0.1:0
            base = %d
            chdir = %(base)prj
            pythonpath = %(base)
            module = prj.wsgi:application
            env = GREETING=$(GANTRY_TEST_GREETING)-%n
            """);

        await using var gantry = await GantryProcess.StartReadyAsync(["wsgi.ini"], folder.Path,
            new Dictionary<string, string?> { ["GANTRY_TEST_GREETING"] = "from-env" });

        // %d is the ini's folder with a trailing slash, %n its name without extension (uWSGI's magic variables).
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal($"module greeting=from-env-wsgi cwd={folder.Combine("prj")}", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Ini_FileColonSection_ReadsOnlyThatSection()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("app.py", MyApp);
        folder.WriteFile("wsgi.ini", """
            [uwsgi]
            http = 127.0.0.1:0
            wsgi-file = app.py
            env = GREETING=production

            [staging]
            http-socket = 127.0.0.1:0
            wsgi-file = %dapp.py
            callable = myapp
            """);

        await using var gantry = await GantryProcess.StartReadyAsync(["--ini", "wsgi.ini:staging"], folder.Path);

        Assert.Single(gantry.Addresses);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("myapp here", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task ExamplesIni_CopyWithPortZero_ServesStartPy()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        var ini = File.ReadAllText(Path.Combine(RepoPaths.Examples, "wsgi.ini"))
            .Replace("http-socket = :9090", "http-socket = 127.0.0.1:0", StringComparison.Ordinal)
            .Replace("chdir = %d", $"chdir = {RepoPaths.Examples}", StringComparison.Ordinal);
        Assert.Contains("http-socket = 127.0.0.1:0", ini, StringComparison.Ordinal);
        folder.WriteFile("wsgi.ini", ini);

        await using var gantry = await GantryProcess.StartReadyAsync([folder.Combine("wsgi.ini")], RepoPaths.Root);

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task EnvironmentVariables_UwsgiPrefixed_ReadAsOptions()
    {
        await using var gantry = await GantryProcess.StartReadyAsync([], RepoPaths.Examples,
            new Dictionary<string, string?> { ["UWSGI_HTTP"] = "127.0.0.1:0", ["UWSGI_WSGI_FILE"] = "start.py" });

        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        Assert.Equal("Hello World", await client.GetStringAsync("/"));
    }
}
