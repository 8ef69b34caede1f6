using System.Text.RegularExpressions;
using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>
/// The same configuration under Debian's supervisord and under Gantry's supervisor, the same supervisorctl commands
/// against both: the same output (pids, uptimes and stop times aside) and the same exit codes. Then <c>gantry ctl</c>
/// against Gantry's supervisor prints what supervisorctl prints.
/// </summary>
[Collection(SupervisorCollection.Name)]
public sealed partial class AgainstSupervisordTests
{
    private const string Programs = """
        [program:up]
        command = /bin/sleep 1000

        [program:manual]
        command = /bin/sleep 1000
        autostart = false

        [program:pool]
        command = /bin/sleep 1000
        process_name = %(program_name)s_%(process_num)d
        numprocs = 2
        """;

    private static readonly string[][] Commands =
    [
        ["status"],
        ["status", "up"],
        ["status", "nosuch"],
        ["status", "pool:*"],
        ["status", "nogroup:*"],
        ["start", "up"],
        ["start", "nosuch"],
        ["stop", "manual"],
        ["stop", "nosuch"],
        ["stop"],
        ["signal", "HUP", "manual"],
        ["signal", "BOGUS", "up"],
        ["pid", "nosuch"],
        ["pid", "manual"],
        ["avail"],
        ["reread"],
        ["add", "up"],
        ["remove", "up"],
        ["remove", "nosuch"],
        ["tail", "nosuch"],
        ["clear", "nosuch"],
        ["stop", "pool:*"],
        ["start", "pool:*"],
        ["restart", "manual"],
        ["stop", "manual"],
        ["status", "manual"],
        ["tail"],
        ["tail", "-f"],
        ["tail", "-x", "up"],
        ["tail", "up", "bogus"],
        ["tail", "-f", "nosuch"],
        ["maintail", "x"],
        ["maintail", "-x"],
        ["maintail", "a", "b"],
        ["fg"],
        ["fg", "a", "b"],
        ["fg", "nosuch"],
        ["fg", "manual"],
    ];

    [Fact]
    public void SameCommands_SameOutputAndExitCodes_AsDebianSupervisord()
    {
        var real = Transcript(real: true, ctl: null);
        var ours = Transcript(real: false, ctl: null);
        Assert.Equal(real, ours);
    }

    [Fact]
    public void GantryCtl_PrintsWhatSupervisorctlPrints_WithItsExitCodes()
    {
        var supervisorctl = Transcript(real: false, ctl: null);
        var gantryCtl = Transcript(real: false, ctl: "gantry");
        Assert.Equal(supervisorctl, gantryCtl);
    }

    private static List<string> Transcript(bool real, string? ctl)
    {
        using var run = SupervisorRun.Start(Programs, real);
        run.WaitForState("up", "RUNNING");
        run.WaitForState("pool:pool_0", "RUNNING");
        run.WaitForState("pool:pool_1", "RUNNING");
        var transcript = new List<string>();
        foreach (var command in Commands)
        {
            var result = ctl is null ? run.Ctl(command) : run.GantryCtl(command);
            // Results of a group's deferred calls come in the order they finish, which supervisord does not fix.
            var lines = Normalize(result.Output).Split('\n').AsEnumerable();
            if (command.Any(word => word.EndsWith(":*", StringComparison.Ordinal) || word == "all"))
            {
                lines = lines.Order(StringComparer.Ordinal);
            }
            transcript.Add($"$ {string.Join(' ', command)} → {result.ExitCode}\n{string.Join('\n', lines)}");
        }
        return transcript;
    }

    /// <summary>Pids, uptimes and stop times differ between two runs; everything else must not.</summary>
    private static string Normalize(string output) => StopTime().Replace(SupervisorRun.Normalize(output), "TIME");

    [GeneratedRegex(@"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M")]
    private static partial Regex StopTime();
}
