using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>The socket options of the seed's command lines, checked on the real binary: unix socket modes, --vacuum, --protocol, several sockets.</summary>
public sealed class SocketOptionTests
{
    private const UnixFileMode Mode660 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private const UnixFileMode Mode666 = Mode660 | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    [Theory]
    [InlineData("--chmod-socket=660", Mode660)]
    [InlineData("--chmod-socket", Mode666)]
    public void UnixSockets_ChmodSocket_ModeAppliedToEverySocket(string option, UnixFileMode expected)
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new GantryServer(["--socket", scratch.Combine("u.sock"), "--fastcgi-socket", scratch.Combine("f.sock"), option, "--vacuum"], scratch.Path);
        Assert.Equal(expected, File.GetUnixFileMode(scratch.Combine("u.sock")));
        Assert.Equal(expected, File.GetUnixFileMode(scratch.Combine("f.sock")));
    }

    [Theory]
    [InlineData("www-data:www-data", "33:33")]
    [InlineData("33", "33:0")]
    [InlineData("nobody:www-data", "65534:33")]
    public void UnixSockets_ChownSocket_OwnerAppliedToEverySocket(string owner, string expected)
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new GantryServer(["--socket", scratch.Combine("u.sock"), "--fastcgi-socket", scratch.Combine("f.sock"), "--chown-socket", owner], scratch.Path);
        Assert.Equal(expected, OwnerOf(scratch.Combine("u.sock")));
        Assert.Equal(expected, OwnerOf(scratch.Combine("f.sock")));
    }

    [Fact]
    public void UnixSocket_ChownSocketUnknownUser_StartupFailsNamingTheKeyAndRemovesTheSocket()
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new ChildProcess(InteropPaths.Binary, ["--socket", scratch.Combine("u.sock"), "--chown-socket", "no-such-user-here", "--wsgi-file", InteropPaths.App], scratch.Path);
        var line = gantry.WaitForLine(l => l.Contains("chown-socket", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("unknown user 'no-such-user-here'", line, StringComparison.Ordinal);
        Assert.NotEqual(0, gantry.Stop(TimeSpan.FromSeconds(15)));
        Assert.False(File.Exists(scratch.Combine("u.sock")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnixSockets_Vacuum_RemovedAtExitOnlyWhenAsked(bool vacuum)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.Combine("u.sock");
        using var gantry = new GantryServer(vacuum ? ["--socket", path, "--vacuum"] : ["--socket", path], scratch.Path);
        Assert.True(File.Exists(path));
        Assert.Equal(0, gantry.Stop());
        Assert.Equal(!vacuum, File.Exists(path));
    }

    [Theory]
    [InlineData("uwsgi", "uwsgi")]
    [InlineData("fastcgi", "fastcgi")]
    [InlineData("http", "http")]
    public void Socket_ProtocolOption_AppliesToEverySocketAddress(string protocol, string scheme)
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new GantryServer(["--socket", "127.0.0.1:0", "--protocol", protocol, "-s", "127.0.0.1:0"], scratch.Path);
        Assert.Equal([scheme, scheme], gantry.Addresses.Select(a => a.Scheme));
    }

    [Fact]
    public void SeveralSockets_EveryProtocolAtOnce_EachServes()
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new GantryServer(
            ["--socket", "127.0.0.1:0", "--uwsgi-socket", "127.0.0.1:0", "--fastcgi-socket", "127.0.0.1:0", "--http-socket", "127.0.0.1:0", "--listen", "64"],
            scratch.Path);
        foreach (var (scheme, address) in gantry.Addresses.Where(a => a.Scheme == "uwsgi"))
        {
            using var socket = new RawGatewaySocket(address);
            socket.SendAndFinish(WireBytes.UwsgiPacket(WireBytes.NginxVariables(path: "/" + scheme)));
            Assert.StartsWith("HTTP/1.1 200 OK", Encoding.Latin1.GetString(socket.ReadToEnd()), StringComparison.Ordinal);
        }
        using var fastCgi = new RawGatewaySocket(gantry.Tcp("fastcgi"));
        fastCgi.Send(WireBytes.FastCgiRequest(1, WireBytes.NginxVariables(), [], keepConnection: false));
        Assert.StartsWith("Status: 200 OK", Encoding.Latin1.GetString(fastCgi.ReadFastCgiResponse(1)), StringComparison.Ordinal);
        Assert.Equal(2, gantry.Addresses.Count(a => a.Scheme == "uwsgi"));
    }

    private static string OwnerOf(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }
}
