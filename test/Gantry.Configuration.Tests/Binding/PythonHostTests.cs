using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>python-host: library (embedded libpython, the default) or executable (the python executable hosts gantry.so).</summary>
public sealed class PythonHostTests
{
    [Fact]
    public void Default_Library()
    {
        var options = Config.Options("--http", ":8000", "--asgi", "a:app");

        Assert.Equal("library", options.PythonHost);
        Assert.False(options.PythonHostedByExecutable);
    }

    [Theory]
    [InlineData("--python-host", "executable")]
    [InlineData("--python-host=executable", null)]
    public void Executable_FromTheCommandLine(string option, string? value)
    {
        string[] arguments = value is null ? ["--http", ":8000", "--asgi", "a:app", option] : ["--http", ":8000", "--asgi", "a:app", option, value];

        Assert.True(Config.Options(arguments).PythonHostedByExecutable);
    }

    [Fact]
    public void UnknownValue_ErrorNamingBoth()
    {
        var result = Config.Load("--http", ":8000", "--asgi", "a:app", "--python-host", "static");

        Assert.Contains("python-host is library (embed libpython, the default) or executable", Config.ErrorText(result));
    }

    [Fact]
    public void Executable_WithPythonLibrary_Error()
    {
        var result = Config.Load("--http", ":8000", "--asgi", "a:app", "--python-host", "executable", "--python-library", "/usr/lib/libpython3.11.so");

        Assert.Contains("drop one of them", Config.ErrorText(result));
    }
}
