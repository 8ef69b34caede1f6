using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Posix.Tests.Infrastructure;

namespace Gantry.Posix.Tests.Processes;

[Collection(ChildProcessCollection.Name)]
public sealed unsafe class ProcessSpawnerTests
{
    /// <summary>
    /// The child's lines: the variable, fd 0's target, its directory, SigBlk/SigIgn, and whether it leads its session.
    /// Status and stat are read with builtins: dash blocks every signal while it waits for a child of its own.
    /// </summary>
    private const string Script = "{ echo \"$SPAWN_GREETING\"; echo \"stdin=$(readlink /proc/$$/fd/0)\"; pwd; "
        + "while read -r line; do case $line in SigBlk:*|SigIgn:*) echo \"$line\";; esac; done < /proc/$$/status; "
        + "read -r stat < /proc/$$/stat; set -- $stat; [ \"$6\" = \"$$\" ] && echo leader || echo member; } >&5";

    [Fact]
    public void Spawn_ShellWithPlacedPipe_WritesEnvironmentDescriptorsAndSignalStateBack()
    {
        var lines = RunScript(request => request with { WorkingDirectory = "/tmp" });

        Assert.Equal("hello from the parent", lines[0]);
        Assert.Equal($"stdin={new FileInfo("/proc/self/fd/0").LinkTarget}", lines[1]);
        Assert.Equal("/tmp", lines[2]);
        Assert.Equal("SigBlk:\t0000000000000000", lines[3]);
        AssertNoSignalIgnored(lines[4]);
        Assert.Equal("member", lines[5]);
    }

    [Fact]
    public void Spawn_NewSessionAndOpenedNull_ChildLeadsSessionWithNullStdin()
    {
        var lines = RunScript(request => request with
        {
            Opens = [new DescriptorOpen(0, "/dev/null", LibC.O_RDONLY)],
            NewSession = true,
        });

        Assert.Equal("hello from the parent", lines[0]);
        Assert.Equal("stdin=/dev/null", lines[1]);
        Assert.Equal(Directory.GetCurrentDirectory(), lines[2]);
        Assert.Equal("SigBlk:\t0000000000000000", lines[3]);
        AssertNoSignalIgnored(lines[4]);
        Assert.Equal("leader", lines[5]);
    }

    [Fact]
    public void Spawn_MissingExecutable_ThrowsWithErrnoAndText()
    {
        var failure = Assert.Throws<InvalidOperationException>(
            () => ProcessSpawner.Spawn(new ProcessSpawnRequest("/nonexistent/gantry", [], [])));

        Assert.Equal("posix_spawn(/nonexistent/gantry) failed: No such file or directory (errno 2)", failure.Message);
    }

    [Fact]
    public void Spawn_NegativePlacementDescriptor_ThrowsBeforeStarting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => ProcessSpawner.Spawn(
            new ProcessSpawnRequest("/bin/true", [], []) { Placements = [new DescriptorPlacement(-1, 5)] }));

        Assert.Equal("posix_spawn_file_actions_adddup2(-1, 5) failed: Bad file descriptor (errno 9)", failure.Message);
    }

    /// <summary>
    /// Signals 1–31 and 34–64 at their defaults. glibc's sigfillset leaves out its two internal signals (32 SIGCANCEL,
    /// 33 SIGSETXID) and its spawn child ignores them when the parent handles them, as .NET does: no program can use them.
    /// </summary>
    private static void AssertNoSignalIgnored(string line)
    {
        Assert.StartsWith("SigIgn:\t", line, StringComparison.Ordinal);
        const ulong GlibcInternal = (1UL << 31) | (1UL << 32);
        Assert.Equal(0UL, ulong.Parse(line["SigIgn:\t".Length..], System.Globalization.NumberStyles.HexNumber) & ~GlibcInternal);
    }

    /// <summary>Runs <see cref="Script"/> with a close-on-exec pipe placed at fd 5; its output lines.</summary>
    private static string[] RunScript(Func<ProcessSpawnRequest, ProcessSpawnRequest> adjust)
    {
        var pipe = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(pipe, LibC.O_CLOEXEC));
        int pid;
        try
        {
            var request = new ProcessSpawnRequest("/bin/sh", ["-c", Script], ["SPAWN_GREETING=hello from the parent", "PATH=/usr/bin:/bin"])
            {
                Placements = [new DescriptorPlacement(pipe[1], 5)],
            };
            pid = ProcessSpawner.Spawn(adjust(request));
        }
        finally
        {
            LibC.close(pipe[1]);
        }
        string output;
        try
        {
            output = BoundedWait.ReadToEnd(pipe[0]);
        }
        catch
        {
            BoundedWait.KillAndReap(pid);
            throw;
        }
        finally
        {
            LibC.close(pipe[0]);
        }
        Assert.Equal(0, BoundedWait.ForExit(pid).ShellCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
