using System.Text;
using Gantry.Server.Static;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Static;

/// <summary>
/// static-cache-paths: a file name's resolution (realpath) is kept for N seconds, on a real tree with a fake clock. A
/// retargeted symlink serves its old target within the window and the new one after it; a file replaced in place is
/// seen at once (it is stat'ed on every request); a deleted file misses at once; the table stays bounded.
/// </summary>
public sealed class StaticPathCacheTests : IDisposable
{
    private readonly StaticTree _tree = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _tree.Dispose();

    private StaticFileResolver Resolver(int seconds) =>
        new(new StaticFileOptions { Mappings = [new StaticMapping("/static", _tree.Root, false)], CachePathsSeconds = seconds }, time: _time);

    private static StaticFile Resolve(StaticFileResolver resolver, string path)
    {
        Assert.True(resolver.TryResolve(Encoding.UTF8.GetBytes(path), out var file), path);
        return file;
    }

    private void Retarget(string link, string target)
    {
        var path = Path.Combine(_tree.Root, link);
        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(_tree.Root, target));
    }

    [Fact]
    public void SymlinkRetargeted_WithinTheWindow_OldTargetUntilItExpires()
    {
        Retarget("current.txt", "a.css");
        var resolver = Resolver(10);
        Assert.EndsWith("/a.css", Resolve(resolver, "/static/current.txt").Path, StringComparison.Ordinal);

        Retarget("current.txt", "bare/x.txt");
        _time.Advance(TimeSpan.FromSeconds(9));
        var within = Resolve(resolver, "/static/current.txt");
        _time.Advance(TimeSpan.FromSeconds(2));
        var after = Resolve(resolver, "/static/current.txt");

        Assert.EndsWith("/a.css", within.Path, StringComparison.Ordinal);
        Assert.EndsWith("/bare/x.txt", after.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkRetargeted_NoCache_NewTargetAtOnce()
    {
        Retarget("current.txt", "a.css");
        var resolver = Resolver(0);
        Resolve(resolver, "/static/current.txt");

        Retarget("current.txt", "bare/x.txt");

        Assert.EndsWith("/bare/x.txt", Resolve(resolver, "/static/current.txt").Path, StringComparison.Ordinal);
        Assert.Null(resolver.PathCache);
    }

    [Fact]
    public void FileReplacedInPlace_WithinTheWindow_NewSizeAndMtimeAtOnce()
    {
        _tree.Write("root/r.txt", "one");
        File.SetLastWriteTimeUtc(Path.Combine(_tree.Root, "r.txt"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var resolver = Resolver(60);
        var before = Resolve(resolver, "/static/r.txt");

        // Replaced as deployments do: a new file renamed over the old name.
        _tree.Write("root/r.new", "a longer content");
        File.Move(Path.Combine(_tree.Root, "r.new"), Path.Combine(_tree.Root, "r.txt"), overwrite: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = Resolve(resolver, "/static/r.txt");

        Assert.Equal(3, before.Length);
        Assert.Equal(16, after.Length);
        Assert.NotEqual(before.ModifiedSeconds, after.ModifiedSeconds);
    }

    [Fact]
    public void FileDeleted_WithinTheWindow_MissesAtOnce_AndFoundAgainWhenBack()
    {
        _tree.Write("root/gone.txt", "x");
        var resolver = Resolver(60);
        Resolve(resolver, "/static/gone.txt");

        File.Delete(Path.Combine(_tree.Root, "gone.txt"));
        Assert.False(resolver.TryResolve("/static/gone.txt"u8, out _));
        _tree.Write("root/gone.txt", "back");

        Assert.Equal(4, Resolve(resolver, "/static/gone.txt").Length);
    }

    [Fact]
    public void ManyNames_TableStaysBounded()
    {
        // Through a symlinked directory: names without a symlink are opened without realpath and never kept.
        Directory.CreateSymbolicLink(Path.Combine(_tree.Root, "linked"), Path.Combine(_tree.Root, "bare"));
        var resolver = Resolver(60);
        for (var i = 0; i < StaticPathCache.Capacity + 10; i++)
        {
            _tree.Write($"root/bare/f{i}.txt", "x");
            Resolve(resolver, $"/static/linked/f{i}.txt");
        }

        Assert.InRange(resolver.PathCache!.Count, 1, StaticPathCache.Capacity);
    }
}
