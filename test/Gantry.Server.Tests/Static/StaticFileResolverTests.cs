using System.Text;
using Gantry.Server.Static;

namespace Gantry.Server.Tests.Static;

/// <summary>URL path to file: mapping kinds, containment, index files and skipped extensions, on a real tree.</summary>
public sealed class StaticFileResolverTests : IDisposable
{
    private readonly StaticTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private StaticFileResolver Resolver(bool appendWholePath = false, string mountpoint = "/static", string[]? index = null, string[]? skip = null, string[]? safe = null) =>
        new(new StaticFileOptions
        {
            Mappings = [new StaticMapping(mountpoint, _tree.Root, appendWholePath)],
            IndexFiles = index ?? [],
            SkipExtensions = skip ?? [],
            SafePaths = safe ?? [],
        });

    private static bool Resolve(StaticFileResolver resolver, string path, out StaticFile file) =>
        resolver.TryResolve(Encoding.UTF8.GetBytes(path), out file);

    [Fact]
    public void StaticMap_FileUnderMountpoint_ResolvesWithoutTheMountpoint()
    {
        Assert.True(Resolve(Resolver(), "/static/a.css", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
        Assert.Equal(7, file.Length);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(file.Path)).ToUnixTimeSeconds(), file.ModifiedSeconds);
    }

    [Fact]
    public void StaticMap2_WholePathAppended_ResolvesUnderRootPlusMountpoint()
    {
        var resolver = new StaticFileResolver(new StaticFileOptions { Mappings = [new StaticMapping("/root", _tree.Base, AppendWholePath: true)] });
        Assert.True(Resolve(resolver, "/root/a.css", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
        Assert.False(Resolve(Resolver(appendWholePath: true), "/static/a.css", out _));
    }

    [Fact]
    public void CheckStatic_EmptyMountpoint_ResolvesEveryPath()
    {
        Assert.True(Resolve(Resolver(appendWholePath: true, mountpoint: ""), "/a.css", out var file));
        Assert.EndsWith("a.css", file.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/static/../secret/s.txt")]
    [InlineData("/static/sub/../../secret/s.txt")]
    [InlineData("/static/../root2file.txt")]
    public void DotDot_EscapingRoot_Misses(string path) => Assert.False(Resolve(Resolver(), path, out _));

    [Fact]
    public void DotDot_StayingInsideRoot_Resolves()
    {
        Assert.True(Resolve(Resolver(), "/static/sub/../a.css", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
    }

    [Fact]
    public void PercentEncodedDotDot_AsTheFrontsDecodeIt_Misses()
    {
        // The fronts percent-decode PATH_INFO, so "%2e%2e" arrives as ".."; undecoded it names no file at all.
        var raw = "/static/%2e%2e/secret/s.txt"u8;
        var decoded = new byte[raw.Length];
        var length = Gantry.Server.Http.PercentDecoder.Decode(raw, decoded);
        Assert.Equal("/static/../secret/s.txt", Encoding.ASCII.GetString(decoded, 0, length));
        Assert.False(Resolver().TryResolve(decoded.AsSpan(0, length), out _));
        Assert.False(Resolve(Resolver(), "/static/%2e%2e/secret/s.txt", out _));
    }

    [Fact]
    public void Nul_InPath_Misses()
    {
        Assert.False(Resolver().TryResolve("/static/a.css\0.png"u8, out _));
        Assert.False(Resolver().TryResolve("/static/a.css\0"u8, out _));
    }

    [Fact]
    public void Symlink_LeavingRoot_Misses()
    {
        string? escaped = null;
        var resolver = new StaticFileResolver(new StaticFileOptions { Mappings = [new StaticMapping("/static", _tree.Root, false)] })
        {
            Escaped = (file, _) => escaped = file,
        };
        Assert.False(Resolve(resolver, "/static/out.txt", out _));
        Assert.Equal(Path.Combine(_tree.Secret, "s.txt"), escaped);
    }

    [Fact]
    public void Symlink_LeavingRootIntoStaticSafe_Resolves()
    {
        Assert.True(Resolve(Resolver(safe: [_tree.Secret]), "/static/out.txt", out var file));
        Assert.Equal(Path.Combine(_tree.Secret, "s.txt"), file.Path);
    }

    [Fact]
    public void Symlink_InsideRoot_ResolvesToTarget()
    {
        Assert.True(Resolve(Resolver(), "/static/in.css", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
    }

    [Theory]
    [InlineData("/static/sub")]
    [InlineData("/static/sub/")]
    public void Directory_WithStaticIndex_ResolvesIndexFile(string path)
    {
        Assert.True(Resolve(Resolver(index: ["missing.html", "index.html"]), path, out var file));
        Assert.Equal(Path.Combine(_tree.Root, "sub", "index.html"), file.Path);
    }

    [Fact]
    public void Directory_WithoutIndex_Misses()
    {
        Assert.False(Resolve(Resolver(), "/static/sub", out _));
        Assert.False(Resolve(Resolver(index: ["index.html"]), "/static/bare/", out _));
        Assert.False(Resolve(Resolver(index: ["index.html"]), "/static/", out _));
    }

    [Fact]
    public void SkipExtension_OnPathOrFile_Misses()
    {
        Assert.False(Resolve(Resolver(skip: [".py"]), "/static/app.py", out _));
        Assert.True(Resolve(Resolver(skip: [".py"]), "/static/a.css", out _));
        // The link's name is allowed, the file it resolves to is not: uWSGI checks both names.
        Assert.False(Resolve(Resolver(skip: [".css"]), "/static/in.css", out _));
    }

    [Fact]
    public void Mountpoint_IsBarePrefix_AsUwsgiCompares()
    {
        var resolver = new StaticFileResolver(new StaticFileOptions { Mappings = [new StaticMapping("/favicon.ico", Path.Combine(_tree.Root, "a.css"), false)] });
        Assert.True(Resolve(resolver, "/favicon.ico", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
        Assert.True(Resolve(resolver, "/favicon.icoX", out _));
        Assert.False(Resolve(resolver, "/other", out _));
    }

    [Fact]
    public void MissingFileOrRoot_Misses()
    {
        Assert.False(Resolve(Resolver(), "/static/nope.css", out _));
        var missing = new List<string>();
        var resolver = new StaticFileResolver(
            new StaticFileOptions { Mappings = [new StaticMapping("/x", Path.Combine(_tree.Base, "absent"), false)] }, m => missing.Add(m.Root));
        Assert.False(Resolve(resolver, "/x/a.css", out _));
        Assert.Single(missing);
    }

    [Fact]
    public void Fifo_InRoot_NeverResolves()
    {
        var fifo = Path.Combine(_tree.Root, "pipe.txt");
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        Assert.False(Resolve(Resolver(), "/static/pipe.txt", out _));
    }

    [Fact]
    public void PlainName_OpenedByTheResolution_TheHandleIsTheFileCheckedEvenIfReplacedAfter()
    {
        Assert.True(Resolve(Resolver(), "/static/a.css", out var file));
        using var handle = file.Handle;
        Assert.NotNull(handle);

        // A deployment renames a new file over the name: the descriptor still reads the file that was checked.
        _tree.Write("root/a.new", "replaced, longer\n");
        File.Move(Path.Combine(_tree.Root, "a.new"), Path.Combine(_tree.Root, "a.css"), overwrite: true);
        var bytes = new byte[64];
        var read = RandomAccess.Read(handle, bytes, 0);

        Assert.Equal("body{}\n", Encoding.UTF8.GetString(bytes, 0, read));
        Assert.Equal(7, file.Length);
    }

    [Theory]
    [InlineData("/static/in.css")]
    [InlineData("/static/sub/../a.css")]
    [InlineData("/static/./a.css")]
    public void SymlinkOrDotSegmentOnTheWay_RealpathRoute_CanonicalPathNoHandle(string path)
    {
        Assert.True(Resolve(Resolver(), path, out var file));
        Assert.Null(file.Handle);
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
    }

    [Fact]
    public void SymlinkedDirectoryOnTheWay_RealpathRoute_ContainedAsBefore()
    {
        Directory.CreateSymbolicLink(Path.Combine(_tree.Root, "up"), _tree.Base);
        Assert.False(Resolve(Resolver(), "/static/up/secret/s.txt", out _));
        Assert.True(Resolve(Resolver(), "/static/up/root/a.css", out var file));
        Assert.Equal(Path.Combine(_tree.Root, "a.css"), file.Path);
    }
}
