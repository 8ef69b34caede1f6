using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.PythonVersions;

/// <summary>
/// One binary, every CPython from 3.10 to 3.13 (no rebuild per version, uWSGI users' recurring pain): each serves a
/// stdlib-only app whose C extension modules (sqlite3, hashlib, zlib, ssl, decimal) load in the embedded interpreter.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PythonVersionTests
{
    [Theory]
    [InlineData("3.10")]
    [InlineData("3.11")]
    [InlineData("3.12")]
    [InlineData("3.13")]
    public async Task PythonLibrary_PyenvBuild_ServesTheStdlibAppOnThatVersion(string minor)
    {
        var library = PyenvPythons.Library(minor);

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", TestApps.StdlibOnly, "--python-library", library]);

        var answer = await FetchAsync(gantry);
        Assert.Equal(PyenvPythons.FullVersion(minor), answer.GetProperty("version").GetString());
        AssertStdlibWorks(answer);
        await OutputAssert.LogsAsync(gantry, "Python " + PyenvPythons.FullVersion(minor));
        Assert.Equal(0, await gantry.StopAsync());
        OutputAssert.NoTraceback(gantry);
    }

    /// <summary>
    /// The ASGI host's C pieces on every version: receive/send's pre-completed awaitable (am_send on 3.10/3.11, the
    /// StopIteration of tp_iternext where the interpreter asks for it), the eager step (PyIter_Send), the hand-over of a
    /// coroutine that awaits a sleep, and a body that arrives in several http.request messages.
    /// </summary>
    [Theory]
    [InlineData("3.10")]
    [InlineData("3.11")]
    [InlineData("3.12")]
    [InlineData("3.13")]
    public async Task Asgi_PyenvBuild_EagerHandedOverAndStreamedRequests(string minor)
    {
        var library = PyenvPythons.Library(minor);
        using var records = RepoPaths.CreateTemporaryDirectory();

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--asgi", "asgi_probe:app", "--python-library", library],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        var body = new byte[300_000];
        Array.Fill(body, (byte)'x');

        Assert.Equal("Hello, ASGI!", await client.GetStringAsync("/"));
        Assert.Equal("slept", await client.GetStringAsync("/sleep?ms=20"));
        using var echoed = await client.PostAsync("/echo", new ByteArrayContent(body));
        Assert.Equal(body, await echoed.Content.ReadAsByteArrayAsync());
        await OutputAssert.LogsAsync(gantry, "Python " + PyenvPythons.FullVersion(minor));
        Assert.Equal(0, await gantry.StopAsync());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task DefaultPython_NoOverride_DebianPython3()
    {
        var expected = await DebianVersionAsync();

        await using var gantry = await GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", TestApps.StdlibOnly]);

        var answer = await FetchAsync(gantry);
        Assert.Equal(expected, answer.GetProperty("version").GetString());
        Assert.Equal("/usr", answer.GetProperty("prefix").GetString());
        AssertStdlibWorks(answer);
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("--home", "3.12")]
    [InlineData("--venv", "3.13")]
    [InlineData("--virtualenv", "debian")]
    public async Task Virtualenv_Option_RunsThePythonTheVenvWasMadeFrom(string option, string python)
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        var venv = folder.Combine("venv");
        var interpreter = python == "debian" ? "/usr/bin/python3" : PyenvPythons.Interpreter(python);
        await RunAsync(interpreter, "-m", "venv", "--without-pip", venv);
        var expectedVersion = python == "debian" ? await DebianVersionAsync() : PyenvPythons.FullVersion(python);

        await using var gantry = await GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", TestApps.StdlibOnly, option, venv]);

        var answer = await FetchAsync(gantry);
        Assert.Equal(expectedVersion, answer.GetProperty("version").GetString());
        Assert.Equal(venv, answer.GetProperty("prefix").GetString());
        AssertStdlibWorks(answer);
        OutputAssert.NoTraceback(gantry);
    }

    private static async Task<JsonElement> FetchAsync(GantryProcess gantry)
    {
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        using var response = await client.GetAsync("/caf%C3%A9");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}\n{gantry.Output}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static void AssertStdlibWorks(JsonElement answer)
    {
        Assert.Equal("sqlite ok", answer.GetProperty("sqlite").GetString());
        Assert.Equal("1d3d248966972fa895fec29543c0672503b98f87", answer.GetProperty("sha1").GetString());
        Assert.True(answer.GetProperty("zlib").GetBoolean());
        Assert.Equal("OpenSSL", answer.GetProperty("ssl").GetString());
        Assert.Equal("3.3", answer.GetProperty("decimal").GetString());
        Assert.False(answer.GetProperty("gil_disabled").GetBoolean());
        Assert.Equal("/caf\u00c3\u00a9", answer.GetProperty("path_info").GetString());
    }

    private static async Task<string> DebianVersionAsync() =>
        (await RunAsync("/usr/bin/python3", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])")).Trim();

    private static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        var result = await ToolProcess.RunAsync(executable, arguments, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"{executable} {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput;
    }
}
