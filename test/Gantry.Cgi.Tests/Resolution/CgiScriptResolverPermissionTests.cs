using System.Text;
using Gantry.Cgi.Tests.Infrastructure;
using Gantry.Configuration;
using static Gantry.Cgi.Tests.Infrastructure.ResolverAssert;

namespace Gantry.Cgi.Tests.Resolution;

/// <summary>
/// What may run once a file is found (uWSGI uwsgi_cgi_request): cgi-allowed-ext (a byte-for-byte suffix of the real
/// path), cgi-helper (first suffix match; no execute bit needed then), else the execute bit; never a FIFO or a socket.
/// </summary>
public sealed class CgiScriptResolverPermissionTests : IDisposable
{
    private readonly ScriptTree _tree = new();

    public CgiScriptResolverPermissionTests()
    {
        _tree.Script("cgi/run.cgi");
        _tree.Script("cgi/run.CGI");
        _tree.Script("cgi/run.sh");
        _tree.Script("cgi/tool.py");
        _tree.Script("cgi/typy");
        _tree.Symlink("cgi/link.cgi", "run.sh");
        _tree.Symlink("cgi/link.sh", "run.cgi");
        _tree.PlainFile("cgi/page.php");
        _tree.PlainFile("cgi/page.xphp");
        _tree.PlainFile("cgi/noexec.sh");
        _tree.Script("cgi/exec.sh");
        _tree.Fifo("cgi/pipe.cgi");
        _tree.UnixSocket("cgi/socket.cgi");
    }

    public void Dispose() => _tree.Dispose();

    private CgiScriptResolver With(IReadOnlyList<string>? allowed = null, IReadOnlyList<CgiHelper>? helpers = null) =>
        Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], AllowedExtensions = allowed ?? [], Helpers = helpers ?? [] });

    [Theory]
    [InlineData("/cgi/run.cgi", "Script", "cgi/run.cgi")]
    [InlineData("/cgi/tool.py", "Script", "cgi/tool.py")]
    // A suffix, not an extension: "py" also ends "typy" (uWSGI compares the last bytes).
    [InlineData("/cgi/typy", "Script", "cgi/typy")]
    // Byte for byte: ".CGI" is not ".cgi".
    [InlineData("/cgi/run.CGI", "Forbidden", null)]
    [InlineData("/cgi/run.sh", "Forbidden", null)]
    // Checked on the real path: a link named .cgi to a .sh is refused, a link named .sh to a .cgi runs the .cgi.
    [InlineData("/cgi/link.cgi", "Forbidden", null)]
    [InlineData("/cgi/link.sh", "Script", "cgi/run.cgi")]
    public void Resolve_AllowedExtensions_CaseSensitiveSuffixOfRealPath(string path, string outcome, string? command)
    {
        var resolution = With(allowed: [".cgi", "py"]).Resolve(Encoding.UTF8.GetBytes(path), null);

        Assert.Equal(Enum.Parse<CgiOutcome>(outcome), resolution.Outcome);
        if (command is not null)
        {
            Assert.Equal(_tree[command], resolution.Script!.Command);
        }
    }

    [Theory]
    // No execute bit needed with a helper.
    [InlineData("/cgi/page.php", "Script", "php-cgi")]
    // First suffix match in order: ".php" comes before "p", which alone matches ".xphp".
    [InlineData("/cgi/page.xphp", "Script", "p-runner")]
    [InlineData("/cgi/exec.sh", "Script", null)]
    [InlineData("/cgi/noexec.sh", "Forbidden", null)]
    public void Resolve_Helpers_FirstSuffixMatchRunsScriptWithoutExecuteBit(string path, string outcome, string? interpreter)
    {
        var resolution = With(helpers: [new CgiHelper(".php", "php-cgi"), new CgiHelper("p", "p-runner")])
            .Resolve(Encoding.UTF8.GetBytes(path), null);

        Assert.Equal(Enum.Parse<CgiOutcome>(outcome), resolution.Outcome);
        if (resolution.Outcome == CgiOutcome.Script)
        {
            Assert.Equal(interpreter, resolution.Script!.Interpreter);
            Assert.Equal(_tree[path.TrimStart('/')], resolution.Script.Command);
        }
    }

    [Fact]
    public void Resolve_HelpersInOtherOrder_FirstListedWins()
    {
        var resolution = With(helpers: [new CgiHelper("p", "p-runner"), new CgiHelper(".php", "php-cgi")]).Resolve("/cgi/page.php"u8, null);

        Assert.Equal("p-runner", resolution.Script!.Interpreter);
    }

    [Fact]
    public void Resolve_EmptyHelperSuffix_MatchesEveryScript()
    {
        var resolution = With(helpers: [new CgiHelper(string.Empty, "runner")]).Resolve("/cgi/noexec.sh"u8, null);

        Assert.Equal("runner", resolution.Script!.Interpreter);
    }

    [Fact]
    public void Resolve_NoHelperAndNoExecuteBit_Forbidden()
    {
        Assert.Equal(CgiOutcome.Forbidden, With().Resolve("/cgi/page.php"u8, null).Outcome);
    }

    [Theory]
    [InlineData("/cgi/pipe.cgi")]
    [InlineData("/cgi/pipe.cgi/x")]
    [InlineData("/cgi/socket.cgi")]
    [InlineData("/cgi/socket.cgi/x")]
    public void Resolve_FifoOrSocketWithExecuteBits_Forbidden(string path)
    {
        // Both carry mode 0755; with a helper matching everything the execute bit does not even matter.
        Assert.Equal(CgiOutcome.Forbidden, With().Resolve(Encoding.UTF8.GetBytes(path), null).Outcome);
        Assert.Equal(CgiOutcome.Forbidden, With(helpers: [new CgiHelper(string.Empty, "sh")]).Resolve(Encoding.UTF8.GetBytes(path), null).Outcome);
    }

    [Fact]
    public void Resolve_IndexIsFifo_Forbidden()
    {
        _tree.Fifo("cgi/fifo-dir/index.cgi");
        var resolver = Resolver(new CgiOptions { Mounts = [Mount(_tree, "/cgi", "cgi")], IndexFiles = ["index.cgi"] });

        Assert.Equal(CgiOutcome.Forbidden, resolver.Resolve("/cgi/fifo-dir/"u8, null).Outcome);
    }
}
