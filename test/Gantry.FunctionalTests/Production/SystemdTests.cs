using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Production;

/// <summary>
/// systemd integration (issue 16 §6): a Type=notify service hears READY=1 once every worker serves, RELOADING=1 then
/// READY=1 around a master re-exec, STOPPING=1 at the end (a notify socket of the test's own stands in for systemd's);
/// socket activation hands Gantry the listening socket (through systemd's own systemd-socket-activate).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class SystemdTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Notify_ReadyWhenServing_StoppingAtTheEnd(bool master)
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        using var notify = NotifySocket.Bind(folder.Combine("notify.sock"));
        string[] arguments = master ? MasterArguments.With("--processes", "2") : ["--http", "127.0.0.1:0", "--wsgi-file", MasterArguments.App];
        await using var gantry = await GantryProcess.StartReadyAsync(arguments, environment: new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        var ready = await notify.ReceiveAsync(Wait);
        Assert.StartsWith("READY=1\n", ready);
        Assert.Contains($"(pid {gantry.Pid})", ready);
        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));

        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.Equal("STOPPING=1", await notify.ReceiveAsync(Wait));
    }

    [Fact]
    public async Task Notify_MasterReload_ReloadingThenReadyAgain()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        using var notify = NotifySocket.Bind(folder.Combine("notify.sock"));
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"),
            environment: new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });
        Assert.StartsWith("READY=1", await notify.ReceiveAsync(Wait));

        gantry.Signal(Signum.SIGHUP);

        Assert.StartsWith("RELOADING=1", await notify.ReceiveAsync(Wait));
        Assert.StartsWith("READY=1", await notify.ReceiveAsync(Wait));
        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
    }

    [Fact]
    public async Task SocketActivation_TheInheritedSocketIsServed()
    {
        var port = FreePort.Allocate();
        await using var activator = GantryProcess.Start("/usr/bin/systemd-socket-activate",
            ["-l", $"127.0.0.1:{port}", RepoPaths.Binary, "--http", $"127.0.0.1:{port}", "--wsgi-file", MasterArguments.App, "--master"],
            workingDirectory: null, environment: null);
        await activator.WaitForOutputAsync("Listening on 127.0.0.1:" + port, Wait);

        // systemd-socket-activate starts gantry at the first connection, with the listening socket as fd 3.
        var answer = await OneShotClient.GetAsync(new Uri($"http://127.0.0.1:{port}"), "/pid", Wait);

        Assert.NotNull(answer);
        await activator.WaitForOutputAsync($"using the socket systemd passed as fd 3 for 127.0.0.1:{port}", Wait);
        Assert.DoesNotContain(activator.Lines, line => line.Text.Contains("Address already in use", StringComparison.Ordinal));
        await activator.StopAsync(Signum.SIGINT);
    }

    /// <summary>A unix datagram socket standing in for systemd's notify socket.</summary>
    private sealed class NotifySocket : IDisposable
    {
        private readonly Socket _socket;

        private NotifySocket(Socket socket, string path)
        {
            _socket = socket;
            Path = path;
        }

        public string Path { get; }

        public static NotifySocket Bind(string path)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return new NotifySocket(socket, path);
        }

        public async Task<string> ReceiveAsync(TimeSpan timeout)
        {
            var buffer = new byte[4096];
            using var cancellation = new CancellationTokenSource(timeout);
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellation.Token);
            return Encoding.UTF8.GetString(buffer, 0, received);
        }

        public void Dispose() => _socket.Dispose();
    }
}
