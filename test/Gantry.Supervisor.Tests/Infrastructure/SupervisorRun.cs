using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>
/// A supervisor under test, Gantry's (<c>gantry supervise -c FILE</c>) or Debian's supervisord (<c>supervisord -n -c
/// FILE</c>), with its own folder, unix socket and main log; driven by Debian's real supervisorctl. Stopped with
/// SIGTERM on dispose (SIGKILL after a bound), then its folder is removed.
/// </summary>
public sealed partial class SupervisorRun : IDisposable
{
    private readonly Process _process;

    private SupervisorRun(string directory, string config, Process process)
    {
        Directory = directory;
        Config = config;
        _process = process;
    }

    public string Directory { get; }

    public string Config { get; }

    public int Pid => _process.Id;

    public string MainLog => Path.Combine(Directory, "supervisord.log");

    public bool HasExited => _process.HasExited;

    /// <summary>The [supervisord], server, rpcinterface and [supervisorctl] sections for a folder.</summary>
    public static string Header(string directory, string extra = "") => $"""
        [unix_http_server]
        file = {directory}/supervisor.sock

        [supervisord]
        logfile = {directory}/supervisord.log
        pidfile = {directory}/supervisord.pid
        childlogdir = {directory}
        nodaemon = true
        {extra}

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl = unix://{directory}/supervisor.sock

        """;

    /// <summary>Starts Gantry's supervisor (or supervisord with <paramref name="real"/>) on <paramref name="programs"/>.</summary>
    /// <param name="prefix">A command the supervisor runs under (for example prlimit with lower limits).</param>
    public static SupervisorRun Start(string programs, bool real = false, string? directory = null, string headerExtra = "", string[]? prefix = null)
    {
        directory ??= Paths.NewDirectory();
        var config = Path.Combine(directory, "supervisord.conf");
        File.WriteAllText(config, Header(directory, headerExtra) + programs.Replace("{dir}", directory, StringComparison.Ordinal));
        var start = real
            ? new ProcessStartInfo(Run.RequireTool("supervisord")) { ArgumentList = { "-n", "-c", config } }
            : new ProcessStartInfo(Paths.Binary) { ArgumentList = { "supervise", "-c", config } };
        if (prefix is [var wrapper, .. var wrapperArguments])
        {
            var wrapped = new ProcessStartInfo(wrapper);
            foreach (var argument in wrapperArguments.Append(start.FileName).Concat(start.ArgumentList))
            {
                wrapped.ArgumentList.Add(argument);
            }
            start = wrapped;
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = directory;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var run = new SupervisorRun(directory, config, process);
        Run.Until(() => process.HasExited || (File.Exists(Path.Combine(directory, "supervisor.sock")) && run.Ctl("pid").ExitCode == 0),
            "the supervisor's control socket");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the supervisor exited with {process.ExitCode} at start-up");
        }
        return run;
    }

    /// <summary>Debian's supervisorctl against this supervisor.</summary>
    public RunResult Ctl(params string[] arguments) => Run.Command(Run.RequireTool("supervisorctl"), ["-c", Config, .. arguments]);

    /// <summary>Gantry's ctl against this supervisor.</summary>
    public RunResult GantryCtl(params string[] arguments) => Run.Command(Paths.Binary, ["ctl", "-c", Config, .. arguments]);

    public string StateOf(string namespec)
    {
        var line = Ctl("status", namespec).Output.Split('\n').FirstOrDefault(row => row.StartsWith(namespec + " ", StringComparison.Ordinal)) ?? "";
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 ? parts[1] : "";
    }

    public void WaitForState(string namespec, string state, TimeSpan? bound = null) =>
        Run.Until(() => StateOf(namespec) == state, $"{namespec} to be {state} (last: {StateOf(namespec)})", bound);

    public int PidOf(string namespec) => int.Parse(Ctl("pid", namespec).Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public string ReadMainLog() => File.Exists(MainLog) ? File.ReadAllText(MainLog) : "";

    public void Signal(int signal) => Native.kill(_process.Id, signal);

    public bool WaitForExit(TimeSpan bound) => _process.WaitForExit(bound);

    public int ExitCode => _process.ExitCode;

    /// <summary>pid 123, uptime 0:00:05 → pid N, uptime T (for comparing two supervisors' output).</summary>
    public static string Normalize(string text) => Volatile().Replace(text, "${word} N");

    [GeneratedRegex(@"(?<word>pid|uptime|with pid) [0-9:]+")]
    private static partial Regex Volatile();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Native.kill(_process.Id, 15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(40)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
