using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class LogicBlockTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ConfigurationResult LoadIni(string body, Dictionary<string, string>? environment = null)
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmodule = app\n" + body);
        return Config.LoadWith(environment ?? [], _directory.Path, path);
    }

    [Fact]
    public void IfEnv_VariableSet_AppliesLinesWithUnderscoreAsValue()
    {
        var result = LoadIni("if-env = APP_HOME\nchdir = %(_)\nprocesses = 3\nendif =\n", new() { ["APP_HOME"] = "/srv/app" });

        var options = Config.Succeed(result);
        Assert.Equal("/srv/app", options.Chdir);
        Assert.Equal(3, options.Processes);
    }

    [Fact]
    public void IfEnv_VariableMissing_SkipsLinesUntilEndif()
    {
        var options = Config.Succeed(LoadIni("if-env = APP_HOME\nprocesses = 3\nendif =\nthreads = 2\n"));

        Assert.Equal(1, options.Processes);
        Assert.Equal(2, options.Threads);
    }

    [Fact]
    public void IfEnvWithValue_ComparesExactly()
    {
        var environment = new Dictionary<string, string> { ["STAGE"] = "prod" };

        Assert.Equal(8, Config.Succeed(LoadIni("if-env = STAGE=prod\nprocesses = 8\nendif\n", environment)).Processes);
        Assert.Equal(1, Config.Succeed(LoadIni("if-env = STAGE=dev\nprocesses = 8\nendif\n", environment)).Processes);
    }

    [Fact]
    public void Else_AppliesWhenConditionFailed()
    {
        var options = Config.Succeed(LoadIni("if-env = DEBUG\nprocesses = 1\nelse =\nprocesses = 6\nendif =\n"));

        Assert.Equal(6, options.Processes);
    }

    [Fact]
    public void IfNotEnv_VariableMissing_AppliesLines()
    {
        Assert.True(Config.Succeed(LoadIni("if-not-env = DEBUG\nmaster = true\nendif =\n")).Master);
    }

    [Fact]
    public void IfExistsAndIfNotExists_CheckTheFileSystem()
    {
        _directory.Write("venv/bin/python", string.Empty);

        var options = Config.Succeed(LoadIni(
            $"if-exists = {_directory.Path}/venv\nhome = %(_)\nendif =\nif-not-exists = {_directory.Path}/missing\npythonpath = /fallback\nendif =\n"));

        Assert.Equal($"{_directory.Path}/venv", options.PythonHome);
        Assert.Equal(["/fallback"], options.PythonPath);
    }

    [Fact]
    public void IfDirAndIfFile_DistinguishKinds()
    {
        _directory.Write("lib/a.py", string.Empty);

        var options = Config.Succeed(LoadIni(
            $"if-dir = {_directory.Path}/lib\npythonpath = %(_)\nendif =\nif-file = {_directory.Path}/lib\npythonpath = /wrong\nendif =\n"));

        Assert.Equal([$"{_directory.Path}/lib"], options.PythonPath);
    }

    [Fact]
    public void IfOpt_TestsAnEarlierOption()
    {
        var options = Config.Succeed(LoadIni("if-opt = module=app\nprocesses = 2\nendif =\nif-not-opt = chdir\nchdir = /default\nendif =\n"));

        Assert.Equal(2, options.Processes);
        Assert.Equal("/default", options.Chdir);
    }

    [Fact]
    public void IfPlugin_PythonIsBuiltIn()
    {
        var options = Config.Succeed(LoadIni("if-plugin = python3\nprocesses = 2\nendif =\nif-plugin = php\nprocesses = 9\nendif =\n"));

        Assert.Equal(2, options.Processes);
    }

    [Fact]
    public void For_RepeatsLinesForEachItem()
    {
        var options = Config.Succeed(LoadIni("for = /a /b /c\npythonpath = %(_)/lib\nendfor =\n"));

        Assert.Equal(["/a/lib", "/b/lib", "/c/lib"], options.PythonPath);
    }

    [Fact]
    public void ForTimes_CountsFromOne()
    {
        var options = Config.Succeed(LoadIni("for-times = 3\nhttp = :900%(_)\nendfor =\n"));

        Assert.Equal([":9090", ":9001", ":9002", ":9003"], options.HttpSockets);
    }

    [Fact]
    public void ForGlob_ListsMatchesInOrder()
    {
        _directory.Write("apps/b.pth", string.Empty);
        _directory.Write("apps/a.pth", string.Empty);

        var options = Config.Succeed(LoadIni($"for-glob = {_directory.Path}/apps/*.pth\npythonpath = %(_)\nendfor =\n"));

        Assert.Equal([$"{_directory.Path}/apps/a.pth", $"{_directory.Path}/apps/b.pth"], options.PythonPath);
    }

    [Fact]
    public void ForReadline_RepeatsForEachLine()
    {
        _directory.Write("paths.txt", "/x\n/y\n");

        var options = Config.Succeed(LoadIni($"for-readline = {_directory.Path}/paths.txt\npythonpath = %(_)\nendfor =\n"));

        Assert.Equal(["/x", "/y"], options.PythonPath);
    }

    [Fact]
    public void NestedBlock_IsAnError()
    {
        var result = LoadIni("if-not-env = A\nif-not-env = B\nendif =\n");

        Assert.Contains("cannot be nested", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void ElseWithoutIf_IsAnError()
    {
        Assert.Contains("else without an if", Config.ErrorText(LoadIni("else =\n")), StringComparison.Ordinal);
    }

    [Fact]
    public void BlockOnCommandLine_WorksToo()
    {
        var options = Config.Options("--http", ":9090", "--if-not-env", "NOPE", "--processes", "5", "--endif");

        Assert.Equal(5, options.Processes);
    }

    [Fact]
    public void UnclosedBlock_Warns()
    {
        var result = LoadIni("if-not-env = NOPE\nprocesses = 2\n");

        Assert.Equal(2, Config.Succeed(result).Processes);
        Assert.Contains("never closed", Config.WarningText(result), StringComparison.Ordinal);
    }
}
