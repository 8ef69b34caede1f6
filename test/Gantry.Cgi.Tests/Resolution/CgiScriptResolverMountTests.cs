using System.Text;
using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;
using static Gantry.Cgi.Tests.Infrastructure.ResolverAssert;

namespace Gantry.Cgi.Tests.Resolution;

/// <summary>
/// Which mount takes a path (uWSGI uwsgi_cgi_get_docroot): the longest mountpoint that is a plain prefix of PATH_INFO,
/// else the bare directory, else none; and a mount that names one script, which runs for every path under it.
/// </summary>
public sealed class CgiScriptResolverMountTests : IDisposable
{
    private readonly ScriptTree _tree = new();

    public CgiScriptResolverMountTests()
    {
        _tree.Script("a/hello.cgi");
        _tree.Script("a/-bin");
        _tree.Script("b/b.cgi");
        _tree.Script("t/x.cgi");
        _tree.Script("c/c.cgi");
        _tree.Script("c/other/c.cgi");
        _tree.Script("c/cgi-bin/x");
        _tree.Script("app.cgi");
        _tree.Script("app.sh");
        _tree.PlainFile("app-noexec.cgi");
    }

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("/cgi/hello.cgi", "Script", "a/hello.cgi", null, "/cgi/hello.cgi")]
    // A plain prefix, as uWSGI compares it: /cgi takes /cgi-bin/x and looks "-bin" up in its own directory.
    [InlineData("/cgi-bin/x", "Script", "a/-bin", "/x", "/cgi/-bin")]
    [InlineData("/cgi/deeper/b.cgi", "Script", "b/b.cgi", null, "/cgi/deeper/b.cgi")]
    [InlineData("/t/x.cgi", "Script", "t/x.cgi", null, "/t/x.cgi")]
    // "/t/" does not take "/t": the bare directory does, and has nothing there.
    [InlineData("/t", "NotFound", null, null, null)]
    [InlineData("/other/c.cgi", "Script", "c/other/c.cgi", null, "/other/c.cgi")]
    [InlineData("/c.cgi", "Script", "c/c.cgi", null, "/c.cgi")]
    [InlineData("/cgi/missing.cgi", "NotFound", null, null, null)]
    public void Resolve_MountsAndBareDirectory_LongestPrefixElseBare(string path, string outcome, string? command, string? pathInfo, string? scriptName)
    {
        var resolver = Resolver(new CgiOptions
        {
            Mounts = [Mount(_tree, "/cgi", "a"), Mount(_tree, "/cgi/deeper", "b"), Mount(_tree, "/t/", "t"), Mount(_tree, "", "c")],
        });

        Row(_tree, resolver.Resolve(Encoding.UTF8.GetBytes(path), null), outcome, command, pathInfo, scriptName);
    }

    [Theory]
    [InlineData("/other/c.cgi", "NotClaimed", null, null, null)]
    [InlineData("/t", "NotClaimed", null, null, null)]
    [InlineData("/", "NotClaimed", null, null, null)]
    [InlineData("", "NotClaimed", null, null, null)]
    [InlineData("/cgi-bin/x", "Script", "a/-bin", "/x", "/cgi/-bin")]
    [InlineData("/cgi/missing.cgi", "NotFound", null, null, null)]
    [InlineData("/t/x.cgi", "Script", "t/x.cgi", null, "/t/x.cgi")]
    public void Resolve_NoBareDirectory_UnmatchedPathsNotClaimed(string path, string outcome, string? command, string? pathInfo, string? scriptName)
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "a"), Mount(_tree, "/t/", "t")] });

        Row(_tree, resolver.Resolve(Encoding.UTF8.GetBytes(path), null), outcome, command, pathInfo, scriptName);
    }

    [Theory]
    [InlineData("/app", "", "/app")]
    [InlineData("/app/", "/", "/app")]
    [InlineData("/app/x/y", "/x/y", "/app")]
    // A plain prefix here too (uWSGI's discard_base): "/application" runs the script with PATH_INFO "lication".
    [InlineData("/application", "lication", "/app")]
    // PATH_INFO is only data handed to the one script: nothing is looked up with it.
    [InlineData("/app/../../etc/passwd", "/../../etc/passwd", "/app")]
    public void Resolve_MountNamingOneScript_EveryPathRunsItWithTheRestAsPathInfo(string path, string pathInfo, string scriptName)
    {
        var resolver = Resolver(new CgiOptions
        {
            Mounts = [new CgiMount("/app", _tree["app.cgi"], IsScript: true)],
            Helpers = [new CgiHelper(".cgi", "never-used")],
        }, serverDirectory: "/srv/server-directory");

        var resolution = resolver.Resolve(Encoding.UTF8.GetBytes(path), null);

        Row(_tree, resolution, "Script", "app.cgi", pathInfo, scriptName);
        var script = resolution.Script!;
        Assert.Null(script.Interpreter);
        Assert.Equal("/srv/server-directory", script.DocumentRoot);
        Assert.Null(script.WorkingDirectory);
    }

    [Fact]
    public void Resolve_MountNamingOneScriptAtRoot_ScriptNameLeftToTheRequest()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [new CgiMount("/", _tree["app.cgi"], IsScript: true)] });

        Row(_tree, resolver.Resolve("/anything/at/all"u8, null), "Script", "app.cgi", "/anything/at/all", null);
    }

    [Fact]
    public void Resolve_MountNamingOneScriptBehindSymlink_CommandIsItsRealPath()
    {
        _tree.Symlink("app-link.cgi", "app.cgi");
        var resolver = Resolver(new CgiOptions { Mounts = [new CgiMount("/app", _tree["app-link.cgi"], IsScript: true)] });

        Row(_tree, resolver.Resolve("/app/x"u8, null), "Script", "app.cgi", "/x", "/app");
    }

    [Fact]
    public void Resolve_MountNamingScriptWithoutExecuteBit_Forbidden()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [new CgiMount("/app", _tree["app-noexec.cgi"], IsScript: true)] });

        Row(_tree, resolver.Resolve("/app/x"u8, null), "Forbidden");
    }

    [Fact]
    public void Resolve_MountNamingScriptWithSuffixNotAllowed_Forbidden()
    {
        var resolver = Resolver(new CgiOptions
        {
            Mounts = [new CgiMount("/app", _tree["app.sh"], IsScript: true)],
            AllowedExtensions = [".cgi"],
        });

        Row(_tree, resolver.Resolve("/app"u8, null), "Forbidden");
    }

    [Fact]
    public void Resolve_MountDirectoryMissing_NotFound()
    {
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/gone", "does-not-exist")] });

        Row(_tree, resolver.Resolve("/gone/x.cgi"u8, null), "NotFound");
    }
}
