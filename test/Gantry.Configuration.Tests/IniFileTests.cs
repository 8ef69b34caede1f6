using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class IniFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_CommentsBlankLinesAndSpacing_AreSkippedOrTrimmed()
    {
        string path = _directory.Write("app.ini", "; a comment\n# another\n\n[uwsgi]\n  ; indented comment\n\thttp   =   :9090  \r\n   module=app  \n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal([":9090"], options.HttpSockets);
        Assert.Equal("app", options.Module);
    }

    [Theory]
    [InlineData("[uwsgi]\nif-env = HOME\0\nhttp = :9090\nendif =\n")]   // fuzz/crashes/config-ini: Path.GetFullPath threw
    [InlineData("[uwsgi]\nhttp = :9090\nchdir = /srv\0app\n")]
    [InlineData("[uwsgi]\nhttp = :9090\nin\0i = other.ini\n")]
    public void Load_NulByteInLine_ErrorNamesTheLine(string text)
    {
        string path = _directory.Write("app.ini", text);

        var result = Config.LoadIn(_directory.Path, path);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Message.Contains("NUL byte", StringComparison.Ordinal));
        Assert.Contains("app.ini:", error.Origin, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForReadlineLineWithNulByte_ErrorNamesTheFileLine()
    {
        _directory.Write("items.txt", "a\nb\0c\n");
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nfor-readline = items.txt\nenv = X_%(_)=1\nendfor =\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Contains(result.Errors, e => e.Message.Contains("line 2 holds a NUL byte", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TextAfterValue_IsKeptBecauseIniHasNoInlineComments()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nchdir = /srv/app # the app\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal("/srv/app # the app", options.Chdir);
    }

    [Fact]
    public void Load_NumberWithTrailingText_ReadsLeadingDigitsAndWarns()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nbuffer-size = 32768  # bigger headers\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Equal(32768, Config.Succeed(result).BufferSize);
        var warning = Assert.Single(result.Warnings, w => w.Option == "buffer-size");
        Assert.Equal($"{path}:3", warning.Origin);
        Assert.Contains("ignored", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BareKey_IsFlagTrue()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmaster\nenable-threads\nvacuum = false\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.True(options.Master);
        Assert.True(options.EnableThreads);
        Assert.False(options.Vacuum);
    }

    [Fact]
    public void Load_RepeatedKeys_Accumulate()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nsocket = :3031\nsocket = /tmp/app.sock\nenv = A=1\nenv = B=2\npythonpath = /a\npythonpath = /b\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal([":3031", "/tmp/app.sock"], options.UwsgiSockets);
        Assert.Equal(["A", "B"], options.Environment.Select(pair => pair.Key));
        Assert.Equal(["/a", "/b"], options.PythonPath);
    }

    [Fact]
    public void Load_OtherSectionsInFile_AreSkippedAndRepeatedSectionsMerge()
    {
        string path = _directory.Write("app.ini", "[staging]\nhttp = :8000\n[uwsgi]\nhttp = :9090\n[other]\nprocesses = 8\n[uwsgi]\nprocesses = 2\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal([":9090"], options.HttpSockets);
        Assert.Equal(2, options.Processes);
    }

    [Fact]
    public void Load_FileWithSectionSuffix_ReadsThatSection()
    {
        _directory.Write("wsgi.ini", "[uwsgi]\nhttp = :9090\n[staging]\nhttp = :8000\nprocesses = 3\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "--ini", "wsgi.ini:staging"));

        Assert.Equal([":8000"], options.HttpSockets);
        Assert.Equal(3, options.Processes);
    }

    [Fact]
    public void Load_BareIniWithSection_ReadsThatSection()
    {
        _directory.Write("wsgi.ini", "[uwsgi]\nhttp = :9090\n[staging]\nhttp = :8000\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, "wsgi.ini:staging"));

        Assert.Equal([":8000"], options.HttpSockets);
    }

    [Fact]
    public void Load_MissingSection_IsAnError()
    {
        _directory.Write("wsgi.ini", "[uwsgi]\nhttp = :9090\n");

        var result = Config.LoadIn(_directory.Path, "wsgi.ini:production");

        Assert.Contains("section [production] not found", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsAnError()
    {
        var result = Config.LoadIn(_directory.Path, "--ini", "nothere.ini", "--http", ":9090");

        Assert.Contains("nothere.ini: not found", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeAndIni_AreExpandedInPlace()
    {
        _directory.Write("base.ini", "[uwsgi]\nprocesses = 2\nhttp = :8000\n");
        _directory.Write("extra.ini", "[uwsgi]\nhttp = :8001\n");
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :7999\ninclude = %dbase.ini\nprocesses = 5\nini = %dextra.ini\nhttp = :8002\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal([":7999", ":8000", ":8001", ":8002"], options.HttpSockets);
        Assert.Equal(5, options.Processes);
    }

    [Fact]
    public void Load_IniColonSection_ReadsSectionOfSameFile()
    {
        string path = _directory.Write("app.ini", "[base]\nprocesses = 3\nhttp = :8000\n[uwsgi]\nini = :base\nmodule = app\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal(3, options.Processes);
        Assert.Equal([":8000"], options.HttpSockets);
        Assert.Equal("app", options.Module);
    }

    [Fact]
    public void Load_IncludeRelativePath_ResolvesAgainstWorkingDirectoryAndHintsAtPercentD()
    {
        _directory.Write("conf/base.ini", "[uwsgi]\nhttp = :8000\n");
        string path = _directory.Write("conf/app.ini", "[uwsgi]\ninclude = base.ini\n");

        var result = Config.LoadIn(_directory.Path, path);

        string errors = Config.ErrorText(result);
        Assert.Contains("working directory", errors, StringComparison.Ordinal);
        Assert.Contains("%dbase.ini", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeCycle_IsAnErrorNotAHang()
    {
        _directory.Write("a.ini", "[uwsgi]\nhttp = :8000\ninclude = %db.ini\n");
        _directory.Write("b.ini", "[uwsgi]\ninclude = %da.ini\n");

        var result = Config.LoadIn(_directory.Path, "a.ini");

        Assert.Contains("include cycle", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeOfNonIni_IsAnError()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :8000\ninclude = other.yaml\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Contains("ini files only", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PlaceholderReference_ExpandsEarlierPlaceholder()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nbase = /srv/app\nchdir = %(base)\npythonpath = %(base)/lib\nhttp = :9090\nmodule = app\n");

        var result = Config.LoadIn(_directory.Path, path);

        var options = Config.Succeed(result);
        Assert.Equal("/srv/app", options.Chdir);
        Assert.Equal(["/srv/app/lib"], options.PythonPath);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_OptionReference_ExpandsEarlierOptionByAnyOfItsNames()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nchdir = /srv/app\nwsgi-file = %(chdir)/wsgi.py\nvenv = /venvs/app\npythonpath = %(home)/lib\nhttp = :9090\n");

        var options = Config.Succeed(Config.LoadIn(_directory.Path, path));

        Assert.Equal("/srv/app/wsgi.py", options.WsgiFile);
        Assert.Equal(["/venvs/app/lib"], options.PythonPath);
    }

    [Fact]
    public void Load_ReferenceToLaterName_IsKeptAndWarned()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nchdir = %(base)\nbase = /srv\nhttp = :9090\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Equal("%(base)", Config.Succeed(result).Chdir);
        Assert.Contains("%(base) is not defined before this line", Config.WarningText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetPlaceholder_DefinesPlaceholderWithoutTypoWarning()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nset-ph = port=9090\nset-placeholder = unused=1\nhttp = :%(port)\nmodule = app\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Equal([":9090"], Config.Succeed(result).HttpSockets);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_SetWithOptionName_SetsTheOption()
    {
        var options = Config.Options("--set", "processes=3", "--set", "http=:9090");

        Assert.Equal(3, options.Processes);
        Assert.Equal([":9090"], options.HttpSockets);
    }

    [Fact]
    public void Load_UnusedUnknownKey_WarnsWithNearestOption()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nhttp = :9090\nmodule = app\nproceses = 4\n");

        var result = Config.LoadIn(_directory.Path, path);

        Config.Succeed(result);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"{path}:4", warning.Origin);
        Assert.Contains("did you mean 'processes'?", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnusedUnknownKeyInStrictMode_IsAnError()
    {
        string path = _directory.Write("app.ini", "[uwsgi]\nstrict = true\nhttp = :9090\nproceses = 4\n");

        var result = Config.LoadIn(_directory.Path, path);

        Assert.Null(result.Options);
        Assert.Contains("did you mean 'processes'? (strict mode)", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvironmentExpansion_ReplacesVariablesAndDefaults()
    {
        string path = _directory.Write("app.ini",
            "[uwsgi]\nhttp = :$(PORT)\nchdir = $(APP_DIR:-/srv/default)\npythonpath = $(EMPTY:-/fallback)\ncallable = app$(EMPTY-/unused)lication\nmodule = $(MISSING)\n");
        var environment = new Dictionary<string, string> { ["PORT"] = "8123", ["EMPTY"] = string.Empty };

        var result = Config.LoadWith(environment, _directory.Path, path);

        var options = Config.Succeed(result);
        Assert.Equal([":8123"], options.HttpSockets);
        Assert.Equal("/srv/default", options.Chdir);
        Assert.Equal(["/fallback"], options.PythonPath);
        Assert.Equal("application", options.Callable);
        Assert.Equal("$(MISSING)", options.Module);
        Assert.Contains("$(MISSING) is not defined in the environment", Config.WarningText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UwsgiEnvironmentVariables_ActAsOptions()
    {
        var environment = new Dictionary<string, string>
        {
            ["UWSGI_HTTP_SOCKET"] = ":9090",
            ["UWSGI_PROCESSES"] = "3",
            ["UWSGI_MASTER"] = "1",
            ["UWSGI_RELOADS"] = "7",
            ["UWSGI_MY_PLACE"] = "/srv",
            ["PATH"] = "/usr/bin",
        };

        var result = Config.LoadWith(environment, "/", "--chdir", "%(my-place)/app", "--module", "app");

        var options = Config.Succeed(result);
        Assert.Equal([":9090"], options.HttpSockets);
        Assert.Equal(3, options.Processes);
        Assert.True(options.Master);
        Assert.Equal("/srv/app", options.Chdir);
        Assert.Empty(result.Warnings);
    }
}
