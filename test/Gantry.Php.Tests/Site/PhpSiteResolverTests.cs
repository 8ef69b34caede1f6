using System.Text;
using Gantry.Php.Site;

namespace Gantry.Php.Tests.Site;

/// <summary>
/// The seed's nginx site decided per request on a real tree: PHP location first (a script must exist as a regular
/// file inside the root: the cgi.fix_pathinfo hole stays shut), then try_files ($uri, $uri/ with the index order, the
/// last resort), traversal refused.
/// </summary>
public sealed class PhpSiteResolverTests : IDisposable
{
    private readonly SiteTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static PhpResolution Resolve(PhpSiteResolver resolver, string path, string query = "") =>
        resolver.Resolve(Encoding.UTF8.GetBytes(path), Encoding.ASCII.GetBytes(query));

    [Fact]
    public void Script_Exists_PassedWithScriptNameAndFileName()
    {
        _tree.File("index.php");

        var resolution = Resolve(_tree.Resolver(), "/index.php");

        Assert.Equal(PhpOutcome.Script, resolution.Outcome);
        Assert.Equal("/index.php", resolution.ScriptName);
        Assert.Equal("", resolution.PathInfo);
        Assert.Equal(_tree.Root + "/index.php", resolution.ScriptFileName);
    }

    [Fact]
    public void Script_WithPathInfo_SplitAsFastcgiPhpConf()
    {
        _tree.File("app/index.php");

        var resolution = Resolve(_tree.Resolver(), "/app/index.php/users/7");

        Assert.Equal(PhpOutcome.Script, resolution.Outcome);
        Assert.Equal("/app/index.php", resolution.ScriptName);
        Assert.Equal("/users/7", resolution.PathInfo);
        Assert.Equal("/app/index.php/users/7", resolution.Uri);
    }

    [Theory]
    [InlineData("/missing.php")]
    [InlineData("/uploads/avatar.jpg/x.php")]
    [InlineData("/uploads/avatar.jpg/.php")]
    [InlineData("/dir.php")]
    public void Script_NotARegularFile_404NeverPassed(string path)
    {
        _tree.File("uploads/avatar.jpg").Dir("dir.php");

        var resolution = Resolve(_tree.Resolver(), path);

        Assert.Equal(PhpOutcome.Status, resolution.Outcome);
        Assert.Equal("404 Not Found", resolution.Status);
    }

    [Fact]
    public void Script_UnderNoExecPrefix_403()
    {
        _tree.File("uploads/shell.php");

        var resolution = Resolve(_tree.Resolver(o => o with { NoExecutePrefixes = ["/uploads/"] }), "/uploads/shell.php");

        Assert.Equal("403 Forbidden", resolution.Status);
    }

    [Fact]
    public void Script_SymlinkOutOfRoot_Escaped()
    {
        File.WriteAllText(Path.Combine(_tree.Base, "outside.php"), "<?php");
        _tree.Symlink("link.php", Path.Combine(_tree.Base, "outside.php"));

        var resolution = Resolve(_tree.Resolver(), "/link.php");

        Assert.Equal(PhpOutcome.Escaped, resolution.Outcome);
    }

    [Fact]
    public void StaticFile_SymlinkOutOfRoot_Escaped()
    {
        File.WriteAllText(Path.Combine(_tree.Base, "secret.txt"), "secret");
        _tree.Symlink("secret.txt", Path.Combine(_tree.Base, "secret.txt"));

        Assert.Equal(PhpOutcome.Escaped, Resolve(_tree.Resolver(), "/secret.txt").Outcome);
    }

    [Theory]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/../../etc/passwd")]
    [InlineData("/..")]
    public void Path_AboveRoot_400(string path)
    {
        Assert.Equal("400 Bad Request", Resolve(_tree.Resolver(), path).Status);
    }

    [Fact]
    public void Path_WithNul_400()
    {
        _tree.File("index.php");

        Assert.Equal("400 Bad Request", Resolve(_tree.Resolver(), "/index.php\0.txt").Status);
    }

    [Theory]
    [InlineData("/a/./b/../index.php", "/a/index.php")]
    [InlineData("//a//index.php", "/a/index.php")]
    public void Path_DotSegmentsAndSlashes_MergedAsNginx(string path, string uri)
    {
        _tree.File("a/index.php");

        var resolution = Resolve(_tree.Resolver(), path);

        Assert.Equal(PhpOutcome.Script, resolution.Outcome);
        Assert.Equal(uri, resolution.ScriptName);
    }

    [Fact]
    public void File_Exists_Static()
    {
        _tree.File("style.css");

        var resolution = Resolve(_tree.Resolver(), "/style.css");

        Assert.Equal(PhpOutcome.Static, resolution.Outcome);
        Assert.Equal("/style.css", resolution.Uri);
    }

    [Fact]
    public void Directory_WithoutSlash_RedirectToSlash()
    {
        _tree.Dir("docs");

        Assert.Equal(PhpOutcome.RedirectToSlash, Resolve(_tree.Resolver(), "/docs").Outcome);
    }

    [Fact]
    public void Directory_IndexOrder_FirstExistingWins()
    {
        _tree.File("d/index.html").File("d/index.php");
        var resolver = _tree.Resolver(o => o with { IndexFiles = ["index.php", "index.html"] });

        var resolution = Resolve(resolver, "/d/");

        Assert.Equal(PhpOutcome.Script, resolution.Outcome);
        Assert.Equal("/d/index.php", resolution.ScriptName);
        Assert.Equal(PhpOutcome.Static, Resolve(_tree.Resolver(o => o with { IndexFiles = ["index.html", "index.php"] }), "/d/").Outcome);
    }

    [Fact]
    public void Directory_NoIndex_403()
    {
        _tree.Dir("empty");

        Assert.Equal("403 Forbidden", Resolve(_tree.Resolver(), "/empty/").Status);
    }

    [Fact]
    public void Missing_DefaultTryFiles_404()
    {
        Assert.Equal("404 Not Found", Resolve(_tree.Resolver(), "/nothing/here").Status);
    }

    [Fact]
    public void Missing_FrontController_ScriptWithOriginalQuery()
    {
        _tree.File("index.php");
        var resolver = _tree.Resolver(o => o with { TryFiles = "$uri $uri/ /index.php?$query_string" });

        var resolution = Resolve(resolver, "/blog/hello", "page=2");

        Assert.Equal(PhpOutcome.Script, resolution.Outcome);
        Assert.Equal("/index.php", resolution.ScriptName);
        Assert.Equal("/index.php", resolution.Uri);
        Assert.Equal("page=2", Encoding.ASCII.GetString(resolution.Query!));
    }

    [Fact]
    public void Missing_FrontControllerMissingToo_404()
    {
        var resolver = _tree.Resolver(o => o with { TryFiles = "$uri $uri/ /index.php?$query_string" });

        Assert.Equal("404 Not Found", Resolve(resolver, "/blog/hello").Status);
    }

    [Fact]
    public void Missing_AtApp_Declined()
    {
        Assert.Equal(PhpOutcome.Declined, Resolve(_tree.Resolver(o => o with { TryFiles = "$uri @app" }), "/api/x").Outcome);
    }

    [Fact]
    public void Script_AllowedScriptsGiven_OthersForbidden()
    {
        _tree.File("ok.php").File("other.php");
        var resolver = _tree.Resolver(o => o with { AllowedScripts = [_tree.Root + "/ok.php"] });

        Assert.Equal(PhpOutcome.Script, Resolve(resolver, "/ok.php").Outcome);
        Assert.Equal("403 Forbidden", Resolve(resolver, "/other.php").Status);
    }

    [Fact]
    public void App_EveryRequest_RunsTheApp()
    {
        _tree.File("index.php").File("style.css");
        var resolver = _tree.Resolver(o => o with { App = "/index.php" });

        Assert.Equal("/index.php", Resolve(resolver, "/style.css").ScriptName);
        Assert.Equal("/index.php", Resolve(resolver, "/anything").ScriptName);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b/", "/a/b/")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/.", "/a/")]
    [InlineData("/a/b/../../c", "/c")]
    public void Merge_NginxNormalisation(string path, string merged)
    {
        Assert.Equal(merged, PhpSiteResolver.Merge(path));
    }
}
