using Gantry.Emperor;

namespace Gantry.Emperor.Tests;

/// <summary>What the directory and glob monitors take as vassals, on a real temporary directory.</summary>
public sealed class VassalMonitorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gantry-emperor-monitor-").FullName;

    [Fact]
    public void Scan_Directory_TakesIniAndConfWithAUwsgiSection_ReportsForeignFormatsOnce()
    {
        File.WriteAllText(Path.Combine(_directory, "a.ini"), "[uwsgi]\n");
        File.WriteAllText(Path.Combine(_directory, "seed.conf"), "# deploy\n[uwsgi]\nhttp = :80\n");
        File.WriteAllText(Path.Combine(_directory, "other.conf"), "[program:x]\n");
        File.WriteAllText(Path.Combine(_directory, "b.yaml"), "uwsgi:\n");
        File.WriteAllText(Path.Combine(_directory, "notes.txt"), "");
        var monitor = VassalMonitor.Create(_directory, "/", [], noFollow: false, tyrantNoFollow: false, out var error)!;
        var foreign = new List<string>();
        var seen = new HashSet<string>();

        var first = monitor.Scan(foreign.Add, seen);
        monitor.Scan(foreign.Add, seen);

        Assert.Null(error);
        Assert.Equal(["a.ini", "seed.conf"], first.Select(f => f.Name).Order());
        Assert.All(first, f => Assert.Equal(monitor.Argument, f.WorkingDirectory));
        Assert.Equal(["b.yaml"], foreign);
    }

    [Fact]
    public void Scan_Glob_NamesVassalsAsMatched_AndStartsThemInTheEmperorsDirectory()
    {
        File.WriteAllText(Path.Combine(_directory, "a.ini"), "[uwsgi]\n");
        File.WriteAllText(Path.Combine(_directory, "b.ini"), "[uwsgi]\n");
        var monitor = VassalMonitor.Create(_directory + "/a*.ini", "/srv", [], false, false, out _)!;

        var found = Assert.Single(monitor.Scan(_ => { }, new HashSet<string>()));

        Assert.Equal((_directory + "/a.ini", "/srv"), (found.Name, found.WorkingDirectory));
    }

    [Theory]
    [InlineData("/no/such/directory/anywhere", "no such directory")]
    [InlineData("/srv/*/vassals/*.ini", "in the file name only")]
    [InlineData("amqp://broker", "dir and glob monitors only")]
    public void Create_Unusable_SaysWhy(string argument, string reason)
    {
        Assert.Null(VassalMonitor.Create(argument, "/", [], false, false, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
