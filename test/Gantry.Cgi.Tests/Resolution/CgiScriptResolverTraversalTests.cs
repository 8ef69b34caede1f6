using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;
using Gantry.Posix.Files;
using static Gantry.Cgi.Tests.Infrastructure.ResolverAssert;

namespace Gantry.Cgi.Tests.Resolution;

/// <summary>
/// The way out of a cgi directory, closed: ".." segments, NUL, invalid UTF-8 and symlinks that lead out are refused;
/// a symlink that stays inside is allowed; a sibling directory sharing the name's prefix is outside. Every row also
/// checks the one property that matters: no Script whose real path is outside the directory.
/// </summary>
public sealed class CgiScriptResolverTraversalTests : IDisposable
{
    private readonly ScriptTree _tree = new();

    public CgiScriptResolverTraversalTests()
    {
        _tree.Script("cgi/hello.cgi");
        _tree.Script("cgi/sub/inner.cgi");
        _tree.Script("outside/evil.cgi");
        _tree.Script("outside/dir/evil.cgi");
        _tree.Script("cgi2/evil.cgi");
        _tree.Symlink("cgi/out-file.cgi", "../outside/evil.cgi");
        _tree.Symlink("cgi/out-absolute.cgi", _tree["outside/evil.cgi"]);
        _tree.Symlink("cgi/out-dir", "../outside");
        _tree.Symlink("cgi/up", "..");
        _tree.Symlink("cgi/root", "/");
        _tree.Symlink("cgi/sibling.cgi", "../cgi2/evil.cgi");
        _tree.Symlink("cgi/sibling-dir", "../cgi2");
        _tree.Symlink("cgi/in-link.cgi", "hello.cgi");
        _tree.Symlink("cgi/in-dir", "sub");
        _tree.Symlink("cgi/loop", "loop");
        _tree.Symlink("cgi/index-out/index.cgi", "../../outside/evil.cgi");
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    // ".." segments are refused before any lookup, wherever they are.
    [InlineData("/cgi/../outside/evil.cgi", "Escaped")]
    [InlineData("/cgi/sub/../../outside/evil.cgi", "Escaped")]
    [InlineData("/cgi/..", "Escaped")]
    [InlineData("/cgi/../", "Escaped")]
    [InlineData("/cgi/sub/..", "Escaped")]
    [InlineData("/cgi/./../outside/evil.cgi", "Escaped")]
    [InlineData("/cgi/sub/./..", "Escaped")]
    [InlineData("/cgi/sub/./../", "Escaped")]
    [InlineData("/cgi/hello.cgi/../../outside/evil.cgi", "Escaped")]
    // %2e%2e%2f arrives decoded (the rows above); a literal "%2e%2e" is a name, never decoded a second time.
    [InlineData("/cgi/%2e%2e/outside/evil.cgi", "NotFound")]
    // NUL, and bytes that are not UTF-8 (an overlong "..", a lone 0xFF): nothing is looked up.
    [InlineData("/cgi/hello.cgi\\x00.txt", "NotFound")]
    [InlineData("/cgi/\\x00/../outside/evil.cgi", "NotFound")]
    [InlineData("/cgi/\\xc0\\xae\\xc0\\xae/outside/evil.cgi", "NotFound")]
    [InlineData("/cgi/\\xff.cgi", "NotFound")]
    // A path that looks absolute is still looked up under the directory.
    [InlineData("/cgi//etc/passwd", "NotFound")]
    [InlineData("/cgi/root/bin/sh", "Escaped")]
    // Symlinks out: to a file, to a directory, through a link to the parent.
    [InlineData("/cgi/out-file.cgi", "Escaped")]
    [InlineData("/cgi/out-file.cgi/extra/path", "Escaped")]
    [InlineData("/cgi/out-absolute.cgi", "Escaped")]
    [InlineData("/cgi/out-dir/evil.cgi", "Escaped")]
    [InlineData("/cgi/out-dir/dir/evil.cgi", "Escaped")]
    [InlineData("/cgi/out-dir/", "Escaped")]
    [InlineData("/cgi/out-dir", "Escaped")]
    [InlineData("/cgi/up/outside/evil.cgi", "Escaped")]
    [InlineData("/cgi/up/cgi2/evil.cgi", "Escaped")]
    // cgi2 shares cgi's name as a prefix but is not under it.
    [InlineData("/cgi/sibling.cgi", "Escaped")]
    [InlineData("/cgi/sibling-dir/evil.cgi", "Escaped")]
    // An index file that links out is skipped like a missing one.
    [InlineData("/cgi/index-out/", "NotFound")]
    [InlineData("/cgi/loop", "NotFound")]
    [InlineData("/cgi/loop/x", "NotFound")]
    // Symlinks that stay inside are allowed: the script runs by its real path.
    [InlineData("/cgi/in-link.cgi", "Script", "cgi/hello.cgi")]
    [InlineData("/cgi/in-dir/inner.cgi", "Script", "cgi/sub/inner.cgi")]
    [InlineData("/cgi/up/cgi/hello.cgi", "Script", "cgi/hello.cgi")]
    public void Resolve_TraversalAttempt_NeverAScriptOutsideTheDirectory(string path, string outcome, string? command = null)
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], IndexFiles = ["index.cgi"] });

        var resolution = resolver.Resolve(RequestPath.Bytes(path), null);

        AssertInside(resolution);
        Assert.Equal(Enum.Parse<CgiOutcome>(outcome), resolution.Outcome);
        if (command is not null)
        {
            Assert.Equal(_tree[command], resolution.Script!.Command);
        }
        if (resolution.Outcome == CgiOutcome.Escaped)
        {
            Assert.Equal(_tree["cgi"], resolution.Root);
        }
    }

    [Theory]
    [InlineData("/../outside/evil.cgi")]
    [InlineData("/..")]
    [InlineData("/out-file.cgi")]
    [InlineData("/out-dir/evil.cgi")]
    [InlineData("/sibling.cgi")]
    [InlineData("/\\xc0\\xae\\xc0\\xae/outside/evil.cgi")]
    public void Resolve_TraversalThroughBareDirectory_NeverAScriptOutside(string path)
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, string.Empty, "cgi")] });

        var resolution = resolver.Resolve(RequestPath.Bytes(path), null);

        AssertInside(resolution);
        Assert.NotEqual(CgiOutcome.Script, resolution.Outcome);
        Assert.NotEqual(CgiOutcome.NotClaimed, resolution.Outcome);
    }

    [Theory]
    [InlineData("/../outside/evil.cgi")]
    [InlineData("/out-file.cgi")]
    [InlineData("/out-dir/evil.cgi")]
    [InlineData("/sibling-dir/evil.cgi")]
    public void Resolve_TraversalFromDocumentRoot_NeverAScriptOutside(string path)
    {
        var resolver = Resolver(new CgiOptions { FromDocumentRoot = true });

        var resolution = resolver.Resolve(RequestPath.Bytes(path), _tree["cgi"]);

        AssertInside(resolution);
        Assert.NotEqual(CgiOutcome.Script, resolution.Outcome);
    }

    [Theory]
    [InlineData("/cgi/out-file.cgi")]
    [InlineData("/cgi/out-dir/evil.cgi")]
    [InlineData("/cgi/sibling.cgi")]
    public void Resolve_TraversalWithOptimizeAndDontResolve_StillRefused(string path)
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], Optimize = true, DoNotResolve = true });

        var resolution = resolver.Resolve(RequestPath.Bytes(path), null);

        Assert.Equal(CgiOutcome.Escaped, resolution.Outcome);
    }

    private void AssertInside(CgiResolution resolution)
    {
        if (resolution.Script is not { } script)
        {
            return;
        }
        var real = FileSystemCalls.RealPath(script.Command);
        Assert.NotNull(real);
        Assert.StartsWith(_tree["cgi"] + "/", real, StringComparison.Ordinal);
    }
}
