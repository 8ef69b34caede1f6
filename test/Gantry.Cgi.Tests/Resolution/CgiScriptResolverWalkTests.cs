using System.Text;
using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;
using static Gantry.Cgi.Tests.Infrastructure.ResolverAssert;

namespace Gantry.Cgi.Tests.Resolution;

/// <summary>
/// The walk (uWSGI uwsgi_cgi_walk): components left to right, the first that is not a directory is the script and the
/// rest of the path is PATH_INFO; a directory needs its slash (301) and a readable index file, tried in order.
/// </summary>
public sealed class CgiScriptResolverWalkTests : IDisposable
{
    private readonly ScriptTree _tree = new();

    public CgiScriptResolverWalkTests()
    {
        _tree.Script("cgi/hello.cgi");
        _tree.Script("cgi/sub/deep/run.cgi");
        _tree.Script("cgi/sub/..hidden.cgi");
        _tree.Directory("cgi/empty");
        _tree.Script("cgi/index.cgi");
        // idx/a: a missing name, a dangling symlink, then two readable ones: the first readable wins.
        _tree.Symlink("cgi/idx/a/dangling.cgi", "nowhere.cgi");
        _tree.Script("cgi/idx/a/index.sh");
        _tree.Script("cgi/idx/a/index.cgi");
        _tree.Script("cgi/idx/b/index.cgi");
        _tree.Directory("cgi/idx/c");
        _tree.Directory("cgi/idx/d/index.cgi");
    }

    public void Dispose() => _tree.Dispose();

    private CgiScriptResolver Walker(params string[] indexFiles) =>
        Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], IndexFiles = indexFiles });

    [Theory]
    [InlineData("/cgi/hello.cgi", "Script", "cgi/hello.cgi", null, "/cgi/hello.cgi")]
    [InlineData("/cgi/hello.cgi/a/b", "Script", "cgi/hello.cgi", "/a/b", "/cgi/hello.cgi")]
    [InlineData("/cgi/hello.cgi/a/", "Script", "cgi/hello.cgi", "/a/", "/cgi/hello.cgi")]
    // The slash that ends the path after a script starts no PATH_INFO (uWSGI: only a slash before the last byte does).
    [InlineData("/cgi/hello.cgi/", "Script", "cgi/hello.cgi", null, "/cgi/hello.cgi")]
    [InlineData("/cgi//hello.cgi", "Script", "cgi/hello.cgi", null, "/cgi/hello.cgi")]
    [InlineData("/cgi/sub/deep/run.cgi", "Script", "cgi/sub/deep/run.cgi", null, "/cgi/sub/deep/run.cgi")]
    [InlineData("/cgi/sub/deep/run.cgi/x/y.html", "Script", "cgi/sub/deep/run.cgi", "/x/y.html", "/cgi/sub/deep/run.cgi")]
    // Two dots that are not a whole segment are a name like any other.
    [InlineData("/cgi/sub/..hidden.cgi", "Script", "cgi/sub/..hidden.cgi", null, "/cgi/sub/..hidden.cgi")]
    [InlineData("/cgi/missing.cgi", "NotFound", null, null, null)]
    [InlineData("/cgi/missing/hello.cgi", "NotFound", null, null, null)]
    [InlineData("/cgi/sub/missing.cgi/x", "NotFound", null, null, null)]
    [InlineData("/cgi/sub/deep/missing/more", "NotFound", null, null, null)]
    [InlineData("/cgi/sub", "RedirectToSlash", null, null, null)]
    [InlineData("/cgi/sub/deep", "RedirectToSlash", null, null, null)]
    [InlineData("/cgi", "RedirectToSlash", null, null, null)]
    // A directory with its slash but no cgi-index configured.
    [InlineData("/cgi/sub/", "NotFound", null, null, null)]
    [InlineData("/cgi/", "NotFound", null, null, null)]
    public void Resolve_Walk_ScriptThenPathInfo(string path, string outcome, string? command, string? pathInfo, string? scriptName)
    {
        Row(_tree, Walker().Resolve(Encoding.UTF8.GetBytes(path), null), outcome, command, pathInfo, scriptName);
    }

    [Theory]
    [InlineData("/cgi/", "Script", "cgi/index.cgi", null, "/cgi/index.cgi")]
    [InlineData("/cgi/idx/a/", "Script", "cgi/idx/a/index.sh", null, "/cgi/idx/a/index.sh")]
    [InlineData("/cgi/idx/b/", "Script", "cgi/idx/b/index.cgi", null, "/cgi/idx/b/index.cgi")]
    [InlineData("/cgi/idx/b//", "Script", "cgi/idx/b/index.cgi", null, "/cgi/idx/b/index.cgi")]
    [InlineData("/cgi/idx/c/", "NotFound", null, null, null)]
    // The index found is a directory: not a regular file, so it never runs.
    [InlineData("/cgi/idx/d/", "Forbidden", null, null, null)]
    [InlineData("/cgi/idx/a", "RedirectToSlash", null, null, null)]
    public void Resolve_DirectoryWithIndexFiles_FirstReadableInOrderWins(string path, string outcome, string? command, string? pathInfo, string? scriptName)
    {
        // "Readable" is tested with names that are missing or dangle: the tests run as root, for whom access(R_OK)
        // ignores the mode bits, so a chmod 000 index would still be readable.
        var resolver = Walker("missing.cgi", "dangling.cgi", "index.sh", "index.cgi");

        Row(_tree, resolver.Resolve(Encoding.UTF8.GetBytes(path), null), outcome, command, pathInfo, scriptName);
    }

    [Fact]
    public void Resolve_Script_DocumentRootIsTheDirectoryAndWorkingDirectoryTheScripts()
    {
        var script = Walker().Resolve("/cgi/sub/deep/run.cgi/x"u8, null).Script!;

        Assert.Equal(_tree["cgi"], script.DocumentRoot);
        Assert.Equal(_tree["cgi/sub/deep"], script.WorkingDirectory);
        Assert.Null(script.Interpreter);
    }

    [Fact]
    public void Resolve_MountDirectoryBehindSymlink_PathsAreUnderItsRealPath()
    {
        _tree.Symlink("current", "cgi");
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "current")] });

        var resolution = resolver.Resolve("/cgi/hello.cgi/x"u8, null);

        Row(_tree, resolution, "Script", "cgi/hello.cgi", "/x", "/cgi/hello.cgi");
        Assert.Equal(_tree["cgi"], resolution.Script!.DocumentRoot);
    }
}
