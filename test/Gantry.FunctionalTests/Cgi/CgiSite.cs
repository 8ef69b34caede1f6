using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A CGI site in a temporary folder: cgi-bin/ with shell and Python scripts (<see cref="CgiScripts"/>), a
/// subdirectory with an index.cgi, symlinks inside and out, a non-executable file, an executable .txt; outside/ with
/// a script that must never run (it leaves a marker); markers/ where scripts leave files for the tests. Both gantry
/// and uWSGI are started with <see cref="Options"/>: <c>--cgi /cgi-bin=DIR --cgi-index index.cgi</c>.
/// </summary>
internal sealed class CgiSite : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode NotExecutable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TemporaryDirectory _folder;

    public CgiSite(string name = "cgi")
    {
        _folder = RepoPaths.CreateTemporaryDirectory(name);
        System.IO.Directory.CreateDirectory(Markers);
        Script("hello.cgi", CgiScripts.Hello);
        Script("env.py", CgiScripts.EnvironmentDump);
        Script("echo.py", CgiScripts.PostEcho);
        Script("status.cgi", CgiScripts.NotFoundStatus);
        Script("redirect.cgi", CgiScripts.ClientRedirect);
        Script("local.cgi", CgiScripts.LocalRedirect);
        Script("nph-hello.cgi", CgiScripts.NonParsedHeader);
        Script("garbage.cgi", CgiScripts.Garbage);
        Script("stderr.cgi", CgiScripts.Stderr);
        Script("notes.txt", CgiScripts.Hello);
        Script("stream.cgi", CgiScripts.Streaming);
        Script("sleep.cgi", CgiScripts.SleepOneSecond);
        Script("dies.cgi", CgiScripts.Dies);
        Script("hang.cgi", CgiScripts.Hang);
        Script("endless.cgi", CgiScripts.Endless);
        Script("large.cgi", CgiScripts.Large);
        Script("nocontent.cgi", CgiScripts.NoContent);
        Script("sub/index.cgi", CgiScripts.Index);
        Script("noexec.cgi", CgiScripts.Hello, NotExecutable);
        Script("plain.py", CgiScripts.PlainPython, NotExecutable);
        var outside = _folder.WriteFile("outside/escaped.cgi", CgiScripts.Outside.Replace("MARKERS", Markers, StringComparison.Ordinal));
        File.SetUnixFileMode(outside, Executable);
        File.CreateSymbolicLink(System.IO.Path.Combine(ScriptDirectory, "out.cgi"), outside);
        File.CreateSymbolicLink(System.IO.Path.Combine(ScriptDirectory, "outdir"), System.IO.Path.GetDirectoryName(outside)!);
        File.CreateSymbolicLink(System.IO.Path.Combine(ScriptDirectory, "alias.py"), "env.py");
    }

    /// <summary>The site folder; servers run in it.</summary>
    public string Path => _folder.Path;

    /// <summary>The CGI directory, mounted at /cgi-bin.</summary>
    public string ScriptDirectory => _folder.Combine("cgi-bin");

    /// <summary>Outside the CGI directory (the target of the symlinks out).</summary>
    public string Outside => _folder.Combine("outside");

    /// <summary>Where scripts leave their marker files.</summary>
    public string Markers => _folder.Combine("markers");

    /// <summary>The options both servers get.</summary>
    public string[] Options => ["--cgi", "/cgi-bin=" + ScriptDirectory, "--cgi-index", "index.cgi"];

    /// <summary>The markers the outside script left: one per time it ran.</summary>
    public string[] EscapedRuns() => System.IO.Directory.GetFiles(Markers, "ran-*");

    /// <summary>A marker file's path.</summary>
    public string Marker(string name) => System.IO.Path.Combine(Markers, name);

    /// <summary>Starts gantry on an HTTP socket at 127.0.0.1:0 with <see cref="Options"/> and <paramref name="extra"/>.</summary>
    public Task<GantryProcess> StartGantryAsync(params string[] extra) =>
        GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", .. Options, .. extra], Path);

    private void Script(string relative, string text, UnixFileMode mode = Executable)
    {
        var path = _folder.WriteFile(System.IO.Path.Combine("cgi-bin", relative), text.Replace("MARKERS", Markers, StringComparison.Ordinal));
        File.SetUnixFileMode(path, mode);
    }

    public void Dispose() => _folder.Dispose();
}
