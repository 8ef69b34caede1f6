using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// uWSGI's <c>max-fd</c> (issue 15 §5): the open-file limit, soft and hard, set before binding, in the master and in
/// every worker it spawns (read back from /proc/PID/limits), with uWSGI's "detected max file descriptor number" line.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class MaxFdTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MaxFd_MasterAndWorkers_HaveTheLimit()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--max-fd", "1234"));

        await gantry.WaitForOutputAsync("detected max file descriptor number: 1234 (max-fd)", Wait);
        var pids = MasterArguments.WorkerPids(gantry).Values.Append(gantry.Pid).ToList();
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.Equal(("1234", "1234"), OpenFileLimit(pid)));
        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    /// <summary>The "Max open files" row of /proc/PID/limits: soft and hard.</summary>
    private static (string Soft, string Hard) OpenFileLimit(int pid)
    {
        var row = File.ReadAllLines($"/proc/{pid}/limits").Single(line => line.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = row["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (fields[0], fields[1]);
    }
}
