using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Load_UnknownLongOption_SuggestsNearestName()
    {
        var result = Config.Load("--http", ":9090", "--proccesses", "4");

        var error = Assert.Single(result.Errors);
        Assert.Equal("--proccesses", error.Setting);
        Assert.Contains("did you mean --processes?", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_UnknownOptionValue_IsNotReportedAgainAsStrayArgument()
    {
        var result = Config.Load("--http", ":9090", "--wsgi-fil", "app.py");

        var error = Assert.Single(result.Errors);
        Assert.Contains("did you mean --wsgi-file?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownShortOption_IsAnError()
    {
        var result = Config.Load("--http", ":9090", "-Z");

        Assert.Contains("-Z: unknown option", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonNumericProcesses_NamesOptionAndValue()
    {
        var result = Config.Load("--http", ":9090", "--processes", "abc");

        var error = Assert.Single(result.Errors);
        Assert.Equal("--processes abc", error.Setting);
        Assert.Equal("processes", error.Option);
        Assert.Contains("must be a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BufferSizeAbove16Bits_ExplainsTheLimit()
    {
        var result = Config.Load("--http", ":9090", "--buffer-size", "70000");

        var error = Assert.Single(result.Errors);
        Assert.Equal("command line: --buffer-size 70000: must be at most 65535 (the uwsgi packet header's 16-bit size)", error.ToString());
    }

    [Theory]
    [InlineData("9z")]
    [InlineData("6600")]
    [InlineData("888")]
    public void Load_BadChmodSocket_AsksForOctalDigits(string mode)
    {
        var result = Config.Load("--socket", "/tmp/a.sock", $"--chmod-socket={mode}");

        Assert.Contains("must be three octal digits", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeNumber_IsAnError()
    {
        var result = Config.Load("--http", ":9090", "--harakiri", "-5");

        Assert.Contains("--harakiri -5: must be at least 0", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroProcesses_IsAnError()
    {
        Assert.Contains("must be at least 1", Config.ErrorText(Config.Load("--http", ":9090", "-p", "0")), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OptionWithoutValueAtEnd_SaysItNeedsOne()
    {
        var result = Config.Load("--http", ":9090", "--module");

        Assert.Contains("--module: needs a value", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvWithoutEquals_AsksForKeyValue()
    {
        Assert.Contains("must be KEY=VALUE", Config.ErrorText(Config.Load("--http", ":9090", "--env", "DEBUG")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("127.0.0.1:")]
    [InlineData("[::1:9090")]
    [InlineData("=3")]
    public void Load_BadSocketAddress_IsAnError(string address)
    {
        var result = Config.Load("--socket", address);

        Assert.Contains(result.Errors, error => error.Option == "socket");
    }

    [Theory]
    [InlineData("127.0.0.1:3031")]
    [InlineData(":9090")]
    [InlineData("0.0.0.0:0")]
    [InlineData("[::1]:9090")]
    [InlineData("/run/app.sock")]
    [InlineData("app.sock")]
    [InlineData("@abstract")]
    public void Load_GoodSocketAddress_IsAccepted(string address)
    {
        Assert.Equal([address], Config.Options("--socket", address, "--module", "app").UwsgiSockets);
    }

    [Fact]
    public void Load_NoSocket_SaysHowToAddOne()
    {
        var result = Config.Load("--module", "app");

        Assert.Contains("no socket to serve: add --http :9090 or --socket", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoApplication_StartsLikeUwsgiButWarns()
    {
        var result = Config.Load("--http", ":9090");

        Assert.NotNull(result.Options);
        Assert.Contains("no application configured", Config.WarningText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeedAppWithoutApplication_IsAnError()
    {
        Assert.Contains("need-app is set but no application", Config.ErrorText(Config.Load("--http", ":9090", "--need-app")), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WsgiFileAndModule_IsAnError()
    {
        var result = Config.Load("--http", ":9090", "--wsgi-file", "app.py", "--module", "app");

        Assert.Contains("keep one of them", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedProtocol_IsAnError()
    {
        Assert.Contains("uwsgi, http or fastcgi", Config.ErrorText(Config.Load("--socket", ":3031", "--protocol", "scgi")), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StrayArgument_IsAnError()
    {
        var result = Config.Load("--http", ":9090", "app.py");

        Assert.Contains("app.py: unexpected argument", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlArgument_SaysOnlyIniIsRead()
    {
        Assert.Contains("ini config files only", Config.ErrorText(Config.Load("app.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralMistakes_AreAllReportedAtOnce()
    {
        var result = Config.Load(
            "--processes", "abc", "--buffer-size", "70000", "--chmod-socket=9z", "--bogus-option", "--emperor-on-demand-exec", "/etc/vassals");

        Assert.Null(result.Options);
        string errors = Config.ErrorText(result);
        Assert.Contains("--processes abc", errors, StringComparison.Ordinal);
        Assert.Contains("--buffer-size 70000", errors, StringComparison.Ordinal);
        Assert.Contains("--chmod-socket=9z", errors, StringComparison.Ordinal);
        Assert.Contains("--bogus-option: unknown option", errors, StringComparison.Ordinal);
        Assert.Contains("--emperor-on-demand-exec /etc/vassals: not supported", errors, StringComparison.Ordinal);
        Assert.Contains("no socket to serve", errors, StringComparison.Ordinal);
        Assert.Equal(6, result.Errors.Count);
    }

    [Fact]
    public void Load_ErrorInIniFile_NamesFileAndLine()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.Write("app.ini", "[uwsgi]\nhttp = :9090\n\nthreads = many\n");

        var error = Assert.Single(Config.LoadIn(directory.Path, path).Errors);

        Assert.Equal($"{path}:4: threads = many: must be a whole number", error.ToString());
    }
}
