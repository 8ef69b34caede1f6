using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;
using static Gantry.Cgi.Tests.Infrastructure.ResolverAssert;

namespace Gantry.Cgi.Tests.Resolution;

/// <summary>cgi-safe, cgi-dontresolve, cgi-optimize and cgi-from-docroot, each on a real tree.</summary>
public sealed class CgiScriptResolverOptionTests : IDisposable
{
    private readonly ScriptTree _tree = new();

    public CgiScriptResolverOptionTests()
    {
        _tree.Script("cgi/real.cgi");
        _tree.Script("cgi/sub/inner.cgi");
        _tree.Symlink("cgi/alias.cgi", "real.cgi");
        _tree.Symlink("cgi/in-dir", "sub");
        _tree.Script("safe/tool.cgi");
        _tree.Symlink("cgi/safe-link.cgi", "../safe/tool.cgi");
        _tree.Script("v1/app.cgi");
        _tree.Script("v2/app.cgi");
        _tree.Symlink("current", "v1");
        _tree.Script("docroot/hello.cgi");
        _tree.Symlink("docroot-link", "docroot");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Resolve_SymlinkOutWithoutSafePath_Escaped()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")] });

        Assert.Equal(CgiOutcome.Escaped, resolver.Resolve("/cgi/safe-link.cgi"u8, null).Outcome);
    }

    [Fact]
    public void Resolve_SymlinkOutUnderSafePath_RunsTheTarget()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], SafePaths = [_tree["safe"]] });

        Row(_tree, resolver.Resolve("/cgi/safe-link.cgi/x"u8, null), "Script", "safe/tool.cgi", "/x", "/cgi/safe-link.cgi");
    }

    [Fact]
    public void Resolve_SafePathIsBarePrefix_AsUwsgiComparesIt()
    {
        // uWSGI compares cgi-safe as a plain string prefix: "…/saf" lets "…/safe/tool.cgi" through.
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], SafePaths = [_tree["saf"]] });

        Assert.Equal(CgiOutcome.Script, resolver.Resolve("/cgi/safe-link.cgi"u8, null).Outcome);
    }

    [Fact]
    public void Resolve_SymlinkedScript_CommandIsRealPath()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")] });

        Row(_tree, resolver.Resolve("/cgi/alias.cgi"u8, null), "Script", "cgi/real.cgi", null, "/cgi/alias.cgi");
    }

    [Fact]
    public void Resolve_DontResolve_CommandIsTheSymlinkPath()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], DoNotResolve = true });

        var resolution = resolver.Resolve("/cgi/alias.cgi/x"u8, null);

        Row(_tree, resolution, "Script", "cgi/alias.cgi", "/x", "/cgi/alias.cgi");
        Assert.Equal(_tree["cgi"], resolution.Script!.WorkingDirectory);
    }

    [Fact]
    public void Resolve_DontResolveThroughDirectoryLink_CommandKeepsTheLink()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], DoNotResolve = true });

        Row(_tree, resolver.Resolve("/cgi/in-dir/inner.cgi"u8, null), "Script", "cgi/in-dir/inner.cgi", null, "/cgi/in-dir/inner.cgi");
    }

    [Fact]
    public void Resolve_DontResolveWithSafePath_CommandIsTheLinkInside()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], DoNotResolve = true, SafePaths = [_tree["safe"]] });

        Row(_tree, resolver.Resolve("/cgi/safe-link.cgi"u8, null), "Script", "cgi/safe-link.cgi", null, "/cgi/safe-link.cgi");
    }

    [Fact]
    public void Resolve_MountLinkSwappedWithoutOptimize_NewTargetServed()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/app", "current")] });
        Row(_tree, resolver.Resolve("/app/app.cgi"u8, null), "Script", "v1/app.cgi", null, "/app/app.cgi");

        _tree.Repoint("current", "v2");

        Row(_tree, resolver.Resolve("/app/app.cgi"u8, null), "Script", "v2/app.cgi", null, "/app/app.cgi");
    }

    [Fact]
    public void Resolve_MountLinkSwappedWithOptimize_ResolvedOnceAtStart()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/app", "current")], Optimize = true });

        _tree.Repoint("current", "v2");

        var resolution = resolver.Resolve("/app/app.cgi"u8, null);
        Row(_tree, resolution, "Script", "v1/app.cgi", null, "/app/app.cgi");
        Assert.Equal(_tree["v1"], resolution.Script!.DocumentRoot);
    }

    [Fact]
    public void Resolve_FromDocumentRoot_ScriptUnderTheRequestsRoot()
    {
        var resolver = Resolver(new CgiOptions { FromDocumentRoot = true });

        var resolution = resolver.Resolve("/hello.cgi/x"u8, _tree["docroot-link"]);

        Row(_tree, resolution, "Script", "docroot/hello.cgi", "/x", "/hello.cgi");
        Assert.Equal(_tree["docroot"], resolution.Script!.DocumentRoot);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("missing-root")]
    public void Resolve_FromDocumentRootWithoutUsableRoot_NotFound(string? documentRoot)
    {
        var resolver = Resolver(new CgiOptions { FromDocumentRoot = true });

        var root = string.IsNullOrEmpty(documentRoot) ? documentRoot : _tree[documentRoot];

        Assert.Equal(CgiOutcome.NotFound, resolver.Resolve("/hello.cgi"u8, root).Outcome);
    }

    [Fact]
    public void Resolve_FromDocumentRoot_MountsNotConsulted()
    {
        var resolver = Resolver(new CgiOptions { FromDocumentRoot = true, Mounts = [Mount(_tree, "/cgi", "cgi")] });

        Assert.Equal(CgiOutcome.NotFound, resolver.Resolve("/cgi/real.cgi"u8, _tree["docroot"]).Outcome);
        Assert.Equal(CgiOutcome.NotFound, resolver.Resolve("/unclaimed"u8, _tree["docroot"]).Outcome);
    }
}
