using Gantry.Python.Runtime;

namespace Gantry.Python.Tests.Runtime;

/// <summary>Finding the interpreter and its libpython (runs the interpreters; loads nothing).</summary>
public sealed class PythonLocatorTests
{
    [Fact]
    public void Locate_Default_IsDebiansInterpreterAndItsSoname()
    {
        var installation = PythonLocator.Locate(new PythonHostOptions());

        Assert.Equal("/usr/bin/python3", installation.InterpreterPath);
        Assert.Equal($"/usr/lib/x86_64-linux-gnu/libpython{installation.Version.Major}.{installation.Version.Minor}.so.1.0", installation.LibraryPath);
    }

    [Fact]
    public void Locate_FreeThreadedLibraryName_IsRefused()
    {
        var failure = Assert.Throws<PythonStartupException>(() => PythonLocator.Locate(new PythonHostOptions { PythonLibrary = "/opt/nowhere/lib/libpython3.13t.so.1.0" }));

        Assert.Contains("free-threaded", failure.Message);
    }

    [Fact]
    public void Locate_TooOldPython_IsRefused()
    {
        var home = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "versions", "3.9.18");

        var failure = Assert.Throws<PythonStartupException>(() => PythonLocator.Locate(new PythonHostOptions { PythonHome = home }));

        Assert.Contains("too old", failure.Message);
    }
}
