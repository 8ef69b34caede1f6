using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>--uid/--gid: the master binds first, then drops privileges; the workers it spawns run as that user.</summary>
[Collection(GantryCollection.Name)]
public sealed class PrivilegesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UidGid_AsRoot_MasterAndWorkersRunAsNobody_NoRootWarning()
    {
        // As root (CI) the target is nobody; otherwise switching to one's own ids is what is allowed.
        var root = Environment.UserName == "root";
        var (user, group, uid) = root ? ("nobody", "nogroup", "65534") : (Environment.UserName, Current("Gid"), Current("Uid"));
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var app = Path.Combine(directory.Path, "app.py");
        File.Copy(MasterArguments.App, app);
        File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var binary = ReachableBinary(directory.Path);

        var gantry = GantryProcess.Start(binary, ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", app,
            "--uid", user, "--gid", group], directory.Path, null);
        await using var _ = gantry;
        await gantry.WaitForReadyAsync(Wait);
        var worker = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        Assert.NotNull(worker);
        Assert.Equal(uid, Ids(int.Parse(worker), "Uid"));
        Assert.Equal(uid, Ids(gantry.Pid, "Uid"));
        Assert.DoesNotContain("you are running gantry as root", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    // The effective id from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs").
    private static string Ids(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split('\t')[2];

    private static string Current(string field) => Ids(Environment.ProcessId, field);

    /// <summary>The binary under test, copied next to the app when nobody could not reach it where it is (e.g. under /root).</summary>
    private static string ReachableBinary(string directory)
    {
        var binary = RepoPaths.Binary;
        for (var folder = Path.GetDirectoryName(binary); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (!File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                var copy = Path.Combine(directory, "gantry");
                File.Copy(binary, copy);
                return copy;
            }
        }
        return binary;
    }
}
