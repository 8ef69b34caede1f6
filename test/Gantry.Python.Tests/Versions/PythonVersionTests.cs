using System.Text.Json;
using Gantry.Python.Tests.ChildProcess;

namespace Gantry.Python.Tests.Versions;

/// <summary>
/// The same binary embeds every supported CPython: each version runs in a child process (one libpython per
/// process) that starts the runtime from the version's prefix (home), serves a stdlib-only app and shuts down.
/// The pyenv builds are part of this machine's image; a missing one fails loudly rather than skipping.
/// </summary>
public sealed class PythonVersionTests
{
    private static readonly string Pyenv = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "versions");

    public static TheoryData<string> PyenvVersions => new() { "3.10.13", "3.11.7", "3.12.1", "3.13.0" };

    private static JsonElement ServeVersionApp(params string[] options)
    {
        var result = ChildProbe.Run(["serve", "--wsgi-file", "Apps/version.py", "--path", "/probe", "--body", "posted", .. options]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Value("status") == "200 OK", result.ToString());
        Assert.Equal("True", result.Value("finalized"));
        return JsonDocument.Parse(result.Value("body")!).RootElement;
    }

    [Theory]
    [MemberData(nameof(PyenvVersions))]
    public void Serve_PyenvPrefixAsHome_RunsThatVersion(string version)
    {
        var home = Path.Combine(Pyenv, version);
        Assert.True(Directory.Exists(home), $"{home} is missing: this machine's image should carry pyenv {version}");

        var app = ServeVersionApp("--home", home);

        Assert.Equal(string.Join('.', version.Split('.').Take(2)), app.GetProperty("version").GetString());
        Assert.Equal(Path.Combine(home, "bin", "python3"), app.GetProperty("executable").GetString());
        Assert.Equal(home, app.GetProperty("prefix").GetString());
        Assert.True(app.GetProperty("main_thread").GetBoolean());
        Assert.Equal("/probe", app.GetProperty("path_info").GetString());
        Assert.Equal("posted", app.GetProperty("input").GetString());
    }

    [Fact]
    public void Serve_Default_IsDebiansPython()
    {
        var app = ServeVersionApp();

        Assert.Equal("/usr/bin/python3", app.GetProperty("executable").GetString());
        Assert.Equal("/usr", app.GetProperty("prefix").GetString());
    }

    [Fact]
    public void Serve_LibraryOverride_FindsTheInterpreterNextToIt()
    {
        var app = ServeVersionApp("--library", Path.Combine(Pyenv, "3.12.1", "lib", "libpython3.12.so.1.0"));

        Assert.Equal("3.12", app.GetProperty("version").GetString());
        Assert.Equal(Path.Combine(Pyenv, "3.12.1", "bin", "python3.12"), app.GetProperty("executable").GetString());
    }

    [Fact]
    public void Serve_Virtualenv_UsesItsPrefixAndSitePackages()
    {
        var venv = Path.Combine(Path.GetTempPath(), $"gantry-venv-{Guid.NewGuid():N}");
        try
        {
            using var created = System.Diagnostics.Process.Start("/usr/bin/python3", ["-m", "venv", "--without-pip", venv])!;
            if (!created.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                created.Kill(entireProcessTree: true);
                Assert.Fail("python3 -m venv did not finish within 60 s");
            }
            Assert.Equal(0, created.ExitCode);

            var app = ServeVersionApp("--home", venv);

            Assert.Equal(venv, app.GetProperty("prefix").GetString());
            Assert.Equal("/usr", app.GetProperty("base_prefix").GetString());
            Assert.Equal(Path.Combine(venv, "bin", "python3"), app.GetProperty("executable").GetString());
        }
        finally
        {
            Directory.Delete(venv, recursive: true);
        }
    }
}
