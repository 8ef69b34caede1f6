using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// <c>safe-pidfile</c> (written atomically, nothing temporary left behind) and <c>pidfile2</c>/<c>safe-pidfile2</c>
/// (written after privileges are dropped, so the uid user owns them); all removed at exit with --vacuum. A relative
/// pidfile starts from the directory gantry started in, the others from chdir, as uWSGI writes them.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PidFileTests
{
    [Fact]
    public async Task SafePidFile_Running_NamesTheServerAndVacuumRemovesIt()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var pidFile = directory.Combine("safe.pid");
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--master", "--safe-pidfile", pidFile, "--vacuum"]);

        Assert.Equal($"{gantry.Pid}\n", File.ReadAllText(pidFile));
        Assert.Equal(["safe.pid"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.False(File.Exists(pidFile), "--vacuum left the safe pid file");
    }

    [Fact]
    public async Task RelativePidFilesWithChdir_PidFileInTheStartDirectoryTheOthersInChdir_AsUwsgi()
    {
        // uWSGI 2.0.21 writes pidfile before its chdir, and pidfile2, safe-pidfile and safe-pidfile2 after it.
        using var start = RepoPaths.CreateTemporaryDirectory();
        using var chdir = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--master", "--chdir", chdir.Path,
             "--pidfile", "a.pid", "--pidfile2", "b.pid", "--safe-pidfile", "c.pid", "--safe-pidfile2", "d.pid", "--vacuum"],
            workingDirectory: start.Path);

        Assert.Equal(["a.pid"], Directory.GetFileSystemEntries(start.Path).Select(Path.GetFileName));
        Assert.Equal(["b.pid", "c.pid", "d.pid"], Directory.GetFileSystemEntries(chdir.Path).Select(Path.GetFileName).Order());
        Assert.Equal($"{gantry.Pid}\n", File.ReadAllText(start.Combine("a.pid")));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.Empty(Directory.GetFileSystemEntries(start.Path));
        Assert.Empty(Directory.GetFileSystemEntries(chdir.Path));
    }

    [Fact]
    public async Task PidFile2_WithUid_OwnedByTheDroppedUser()
    {
        // As root (CI) the target is nobody; otherwise switching to one's own user is what is allowed.
        var root = Environment.UserName == "root";
        var user = root ? "nobody" : Environment.UserName;
        using var directory = RepoPaths.CreateTemporaryDirectory();
        // The dropped user must be able to create (and with --vacuum remove) files here.
        File.SetUnixFileMode(directory.Path, (UnixFileMode)Convert.ToInt32("1777", 8));
        var app = directory.Combine("log_app.py");
        File.Copy(LogFiles.App, app);
        File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var pidFile = directory.Combine("app.pid");
        var safePidFile = directory.Combine("safe.pid");
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", app, "--master", "--uid", user, "--pidfile2", pidFile, "--safe-pidfile2", safePidFile, "--vacuum"],
            workingDirectory: directory.Path);

        var uid = File.ReadLines($"/proc/{gantry.Pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[2];
        foreach (var path in new[] { pidFile, safePidFile })
        {
            Assert.Equal($"{gantry.Pid}\n", File.ReadAllText(path));
            Assert.Equal(uid, LogFiles.OwnerUid(path));
        }
        if (root)
        {
            Assert.Equal("65534", uid);
        }
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.False(File.Exists(pidFile) || File.Exists(safePidFile), "--vacuum left a pid file");
    }
}
