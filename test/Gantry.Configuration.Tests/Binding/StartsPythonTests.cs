using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>
/// Whether an instance embeds Python: only for a Python application (wsgi-file, module, mount), or when nothing but
/// Python would answer (no CGI), as uWSGI answers 500 without an application. A CGI-only site never loads libpython.
/// </summary>
public sealed class StartsPythonTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _cgiBin;

    public StartsPythonTests()
    {
        _cgiBin = Path.GetDirectoryName(_directory.Write("cgi-bin/hello.cgi", "#!/bin/sh\n"))!;
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("--wsgi-file", "app.py")]
    [InlineData("--module", "pkg.wsgi:application")]
    [InlineData("--mount", "/shop=shop.py")]
    public void Load_PythonApplicationNamed_HasItAndStartsPythonEvenWithCgi(string option, string value)
    {
        var options = Config.Options("--http", ":9090", option, value, "--cgi", $"/cgi-bin={_cgiBin}");

        Assert.True(options.HasPythonApplication);
        Assert.True(options.StartsPython);
    }

    [Fact]
    public void Load_CgiOnly_NoPythonApplicationAndPythonNotStarted()
    {
        var options = Config.Options("--http", ":9090", "--cgi", $"/cgi-bin={_cgiBin}");

        Assert.False(options.HasPythonApplication);
        Assert.False(options.StartsPython);
    }

    [Theory]
    [InlineData("--listen", "100")]
    [InlineData("--static-map", "/static=STATIC")]
    public void Load_NeitherApplicationNorCgi_PythonStartsToAnswer500AsUwsgi(string option, string value)
    {
        var options = Config.Options("--http", ":9090", option, value.Replace("STATIC", _directory.Path, StringComparison.Ordinal));

        Assert.False(options.HasPythonApplication);
        Assert.True(options.StartsPython);
    }
}
