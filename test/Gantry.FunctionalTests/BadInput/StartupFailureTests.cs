using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Startup failures end the process with a message that says what is wrong: an app that cannot load exits 22
/// (uWSGI's need-app code) with the traceback; a bad or busy socket address exits 1.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StartupFailureTests
{
    private const int NeedAppExitCode = 22;

    [Fact]
    public async Task ImportFailure_AppRaisesAtImport_TracebackAndExit22()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("broken.py", "import json\nimport module_that_does_not_exist_anywhere\n");

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--wsgi-file", "broken.py"], folder.Path);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Contains(OutputAssert.TracebackMarker, output, StringComparison.Ordinal);
        Assert.Contains("ModuleNotFoundError: No module named 'module_that_does_not_exist_anywhere'", output, StringComparison.Ordinal);
        Assert.Contains("broken.py\", line 2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gantry ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportFailure_AnyKind_TracebackPrintedOnlyOnce()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("broken.py", "raise RuntimeError('broken-at-import-marker')\n");

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--wsgi-file", "broken.py"], folder.Path);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Equal(1, Regex.Count(output, "RuntimeError: broken-at-import-marker"));
    }

    [Fact]
    public async Task ImportFailure_SyntaxError_ShowsTheLineAndExits22()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("syntax.py", "def application(environ, start_response):\n    return [b'x'\n");

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--wsgi-file", "syntax.py"], folder.Path);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Contains("SyntaxError", output, StringComparison.Ordinal);
        Assert.Contains("syntax.py\", line 2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportFailure_ModuleNotFound_Exits22NamingIt()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--module", "no_such_package.wsgi:application"], RepoPaths.Examples);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Contains("No module named 'no_such_package'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--callable", "nothere", "'nothere'")]
    [InlineData("--callable", "__name__", "'__name__'")]
    public async Task MissingCallable_WsgiFileWithoutIt_ClearMessageAndExit22(string option, string value, string named)
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--wsgi-file", "start.py", option, value], RepoPaths.Examples);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Contains("start.py", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WsgiFile_Missing_Exits22NamingThePath()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", "127.0.0.1:0", "--wsgi-file", "missing.py"], folder.Path);

        Assert.Equal(NeedAppExitCode, exitCode);
        Assert.Contains("missing.py", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("999.1.1.1:80")]
    [InlineData("nonsense")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("[::1:80")]
    public async Task BadSocketAddress_Http_ExitsOneNamingIt(string address)
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", address, "--wsgi-file", "start.py"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains(address, output, StringComparison.Ordinal);
        Assert.DoesNotContain("gantry ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_AnotherListenerHasIt_ExitsOneWithTheReason()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var taken = $"127.0.0.1:{((IPEndPoint)holder.LocalEndPoint!).Port}";

        var (exitCode, output) = await GantryRun.ToExitAsync(["--http", taken, "--wsgi-file", "start.py"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains(taken, output, StringComparison.Ordinal);
        Assert.Contains("in use", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Chdir_MissingFolder_ExitsOneWithAReadableReason()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--http", "127.0.0.1:0", "--chdir", "/nonexistent/gantry-dir", "--wsgi-file", "start.py"], RepoPaths.Examples);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("/nonexistent/gantry-dir", output, StringComparison.Ordinal);

        // NativeAOT strips exception texts down to resource keys (IO_PathNotFound_Path) unless the app says them itself.
        Assert.DoesNotMatch(new Regex(@"\bIO_\w+"), output);
    }

    [Fact]
    public async Task PythonLibrary_Missing_ExitsOneSayingWhy()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", "start.py", "--python-library", "/nonexistent/libpython3.11.so"], RepoPaths.Examples);

        Assert.Equal(1, exitCode);
        Assert.Contains("/nonexistent/libpython3.11.so", output, StringComparison.Ordinal);

        // dlopen(3) says why through dlerror(): here, that the file does not exist.
        Assert.Contains("No such file", output, StringComparison.Ordinal);
    }
}
