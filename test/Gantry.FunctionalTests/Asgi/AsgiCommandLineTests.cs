using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary><c>gantry asgi …</c>: daphne's and uvicorn's command lines.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiCommandLineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("-b", "127.0.0.1", "-p", "0")]
    [InlineData("--host", "127.0.0.1", "--port", "0")]
    [InlineData("-e", "tcp:port=0:interface=127.0.0.1")]
    public async Task Bind_DaphneOrUvicornFlags_ServesOnThatAddress(params string[] flags)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null, [.. flags, "asgi_probe:app"]);
        await gantry.WaitForReadyAsync(Deadline);

        var response = await AsgiProbeServer.GetAsync(gantry, "/");

        Assert.Equal("Hello, ASGI!", response.BodyText);
        Assert.Equal("127.0.0.1", gantry.Addresses[0].Host);
    }

    [Fact]
    public async Task UnixSocket_DaphneFlag_Serves()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var socket = records.Combine("app.sock");
        await using var gantry = AsgiProbeServer.StartCommand(records, null, "-u", socket, "asgi_probe:app");
        await gantry.WaitForReadyAsync(Deadline);

        var response = await HttpProbe.ExchangeAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket),
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal("Hello, ASGI!", response.BodyText);
    }

    [Fact]
    public async Task RootPathAndProxyHeaders_InTheScope()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null,
            "-p", "0", "--root-path", "/api", "--proxy-headers", "--lifespan", "off", "--ws-max-queue", "20", "asgi_probe:app");
        await gantry.WaitForReadyAsync(Deadline);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "GET /scope HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");

        using var scope = System.Text.Json.JsonDocument.Parse(response.BodyText);
        Assert.Equal("/api", scope.RootElement.GetProperty("root_path").GetString());
        Assert.Equal("https", scope.RootElement.GetProperty("scheme").GetString());
        Assert.Equal("10.1.2.3", scope.RootElement.GetProperty("client")[0].GetString());
        Assert.Contains("--ws-max-queue: WebSocket is served, but this WebSocket setting is not implemented", gantry.Output);
    }

    [Fact]
    public async Task ProxyHeaders_FromAnUntrustedPeer_Ignored()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null,
            "-p", "0", "--proxy-headers", "--forwarded-allow-ips", "10.9.9.9", "asgi_probe:app");
        await gantry.WaitForReadyAsync(Deadline);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "GET /scope HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");

        using var scope = System.Text.Json.JsonDocument.Parse(response.BodyText);
        Assert.Equal("http", scope.RootElement.GetProperty("scheme").GetString());
        Assert.Equal("127.0.0.1", scope.RootElement.GetProperty("client")[0].GetString());
    }

    [Fact]
    public async Task Workers_UnderTheMaster_Serves()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null, "-p", "0", "--workers", "2", "asgi_probe:app");
        await gantry.WaitForReadyAsync(Deadline);

        var response = await AsgiProbeServer.GetAsync(gantry, "/");

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("Operational MODE: preforking", gantry.Output);
    }

    [Fact]
    public async Task Tls_KeyWithoutCertificate_ConfigurationError()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null, "--ssl-keyfile", "k.pem", "asgi_probe:app");

        Assert.Equal(1, await gantry.WaitForExitAsync(Deadline));
        Assert.Contains("give the certificate too: --ssl-certfile cert.pem --ssl-keyfile key.pem", gantry.Output);
    }

    /// <summary>
    /// daphne's and uvicorn's --fd: a parent (here python3, which then execs gantry in its place) binds and listens, and
    /// gantry serves that socket without binding one of its own.
    /// </summary>
    [Theory]
    [InlineData("--fd")]
    [InlineData("-e")]
    public async Task Fd_ServesTheListeningSocketItWasGiven(string flag)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        const string Parent = """
            import os, socket, sys
            s = socket.socket()
            s.bind(('127.0.0.1', 0))
            s.listen(16)
            os.set_inheritable(s.fileno(), True)
            value = str(s.fileno()) if sys.argv[2] == '--fd' else 'fd:fileno=%d' % s.fileno()
            print('parent bound port %d' % s.getsockname()[1], flush=True)
            os.execv(sys.argv[1], [sys.argv[1], 'asgi', sys.argv[2], value, 'asgi_probe:app'])
            """;
        await using var gantry = GantryProcess.Start("/usr/bin/python3", ["-c", Parent, RepoPaths.Binary, flag], TestApps.Folder,
            new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var bound = await gantry.WaitForOutputAsync(@"parent bound port (\d+)", Deadline);
        await gantry.WaitForReadyAsync(Deadline);
        var port = int.Parse(System.Text.RegularExpressions.Regex.Match(bound, @"parent bound port (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var response = await HttpProbe.ExchangeAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port),
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal("Hello, ASGI!", response.BodyText);
        Assert.Equal(port, gantry.Addresses[0].Port);
    }

    [Fact]
    public async Task Fd_NotAnOpenSocket_ClearError()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null, "--fd", "97", "asgi_probe:app");

        Assert.NotEqual(0, await gantry.WaitForExitAsync(Deadline));
        Assert.Contains("descriptor 97 (fd://97) is not an open socket", gantry.Output);
    }
}
