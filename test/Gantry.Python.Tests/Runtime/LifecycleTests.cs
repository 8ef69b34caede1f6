using Gantry.Python.Tests.ChildProcess;

namespace Gantry.Python.Tests.Runtime;

/// <summary>Start-up failures and shutdown, each in a child process of its own (Python starts once per process).</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void Start_NeedAppAndImportError_ExitsWith22AndTheTraceback()
    {
        var result = ChildProbe.Run("serve", "--wsgi-file", "Apps/broken_import.py", "--need-app", "true");

        Assert.True(result.ExitCode == 22, result.ToString());
        Assert.Contains("ModuleNotFoundError", result.Value("startup-error"));
        Assert.Contains("Traceback (most recent call last)", result.Errors);
    }

    [Fact]
    public void Start_ImportErrorWithoutNeedApp_ServesInternalServerError()
    {
        var result = ChildProbe.Run("serve", "--wsgi-file", "Apps/broken_import.py");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("False", result.Value("loaded"));
        Assert.Equal("500 Internal Server Error", result.Value("status"));
        Assert.Contains("no python application found", result.Errors);
    }

    [Fact]
    public void Start_MissingHome_SaysWhatToFix()
    {
        var result = ChildProbe.Run("serve", "--wsgi-file", "Apps/hello.py", "--home", "/nonexistent/venv");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/venv has no bin/python3", result.Value("startup-error"));
    }

    [Fact]
    public void Shutdown_RunsAtexitHandlers()
    {
        var result = ChildProbe.Run("serve", "--wsgi-file", "Apps/atexit_app.py");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("atexit=ran", result.Output);
        Assert.Equal("True", result.Value("finalized"));
    }

    [Fact]
    public void Shutdown_NonDaemonThreadNeverEnds_ExitsAfterTheMercy()
    {
        var result = ChildProbe.Run("serve", "--wsgi-file", "Apps/hang_at_exit.py", "--mercy-ms", "1000");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("still here", result.Value("body"));
        Assert.Null(result.Value("finalized"));
        Assert.Contains("did not finalize within", result.Errors);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), result.ToString());
    }
}
