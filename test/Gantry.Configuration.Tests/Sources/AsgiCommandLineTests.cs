using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Sources;

/// <summary><c>gantry asgi …</c>: daphne's and uvicorn's flags land on Gantry's own options.</summary>
public sealed class AsgiCommandLineTests
{
    [Fact]
    public void Daphne_BindPortApp_OneHttpSocketAndTheApp()
    {
        var options = Config.Options("asgi", "-b", "0.0.0.0", "-p", "8001", "prj.asgi:application");

        Assert.Equal(["0.0.0.0:8001"], options.HttpSockets);
        Assert.Equal("prj.asgi:application", options.Asgi);
        Assert.True(options.HasPythonApplication);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_AsgiUsageNotTheOptionList_EveryDaphneAndUvicornFlag(string flag)
    {
        var result = Config.Load("asgi", "--port", "8001", flag, "main:app");

        Assert.True(result.HelpRequested);
        Assert.NotNull(result.Usage);
        Assert.StartsWith("Usage: gantry asgi", result.Usage, StringComparison.Ordinal);
        foreach (var listed in new[]
        {
            "--bind", "--port", "--unix-socket", "--fd", "--endpoint", "--root-path", "--proxy-headers", "--proxy-headers-host",
            "--websocket_timeout", "--websocket_connect_timeout", "--ping-interval", "--ping-timeout", "--application-close-timeout",
            "--http-timeout", "--verbosity", "-v/--verbosity 0", "--access-log", "--no-server-name", "--websocket-max-message-size",
            "--websocket-max-frame-size", "--host", "--uds", "--lifespan", "--factory", "--workers", "--loop", "--ws-max-size",
            "--ws-ping-interval", "--timeout-keep-alive", "--limit-concurrency", "--forwarded-allow-ips", "--ssl-certfile",
        })
        {
            Assert.Contains(listed, result.Usage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_PlainGantry_TheOptionList()
    {
        var result = Config.Load("--help");

        Assert.True(result.HelpRequested);
        Assert.Null(result.Usage);
    }

    [Fact]
    public void Defaults_NoBind_Localhost8000()
    {
        Assert.Equal(["127.0.0.1:8000"], Config.Options("asgi", "main:app").HttpSockets);
    }

    [Fact]
    public void Uvicorn_HostPortWorkersLifespanFactory_MappedOntoTheRegistry()
    {
        var options = Config.Options("asgi", "--host", "::1", "--port=9000", "--workers", "3", "--lifespan", "on",
            "--factory", "--limit-concurrency", "100", "--root-path", "/api", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.1,10.0.0.2",
            "main:make_app");

        Assert.Equal(["[::1]:9000"], options.HttpSockets);
        Assert.True(options.Master);
        Assert.Equal(3, options.Processes);
        Assert.Equal("on", options.AsgiLifespan);
        Assert.True(options.AsgiFactory);
        Assert.Equal(100, options.AsgiLimitConcurrency);
        Assert.Equal("/api", options.AsgiRootPath);
        Assert.True(options.AsgiProxyHeaders);
        Assert.Equal("10.0.0.1,10.0.0.2", options.AsgiForwardedAllowIps);
    }

    [Fact]
    public void UnixSocketAndEndpoints_EachAListenerAndNoDefaultTcp()
    {
        var options = Config.Options("asgi", "-u", "/run/a.sock", "-e", "tcp:port=8002:interface=127.0.0.1", "-e", "unix:/run/b.sock", "m:app");

        Assert.Equal(["/run/a.sock", "127.0.0.1:8002", "/run/b.sock"], options.HttpSockets);
    }

    [Fact]
    public void GantryOptions_PassThrough()
    {
        var options = Config.Options("asgi", "-p", "8000", "m:app", "--threads", "4", "--harakiri", "30", "--application-close-timeout", "7");

        Assert.Equal(7, options.AsgiCloseTimeout);
        Assert.Equal(4, options.Threads);
        Assert.Equal(30, options.Harakiri);
    }

    [Fact]
    public void GantryOptionWithAValue_BeforeTheApplication_ItsValueIsNotTakenForTheApplication()
    {
        var options = Config.Options("asgi", "--threads", "4", "--python-host", "executable", "-p", "8000", "m:app");

        Assert.Equal(4, options.Threads);
        Assert.Equal("m:app", options.Asgi);
    }

    [Fact]
    public void GantryFlagBeforeTheApplication_TheNextWordIsStillTheApplication()
    {
        var options = Config.Options("asgi", "--master", "m:app");

        Assert.True(options.Master);
        Assert.Equal("m:app", options.Asgi);
    }

    [Fact]
    public void GantryFlagWithABooleanWord_TheWordIsTheFlagsAsOnGantrysCommandLine()
    {
        var options = Config.Options("asgi", "--master", "true", "--enable-threads", "no", "m:app");

        Assert.True(options.Master);
        Assert.False(options.EnableThreads);
        Assert.Equal("m:app", options.Asgi);
    }

    [Fact]
    public void WebSocketAndInertFlags_AcceptedWithANotice()
    {
        var result = Config.Load("asgi", "--ws-max-queue", "20", "--ws-max-size", "1000", "--http", "httptools",
            "--no-server-name", "--timeout-keep-alive", "5", "m:app");

        Config.Succeed(result);
        Assert.Contains(result.Notices, notice => notice.Contains("--ws-max-queue: WebSocket is served, but this WebSocket setting is not implemented", StringComparison.Ordinal));
        Assert.Contains(result.Notices, notice => notice.Contains("--http httptools", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new string[0], 86400, 5)]
    [InlineData(new[] { "--websocket_timeout", "20", "--websocket_connect_timeout", "2" }, 20, 2)]
    [InlineData(new[] { "--websocket_timeout", "-1", "--websocket_connect_timeout", "-1" }, -1, -1)]
    [InlineData(new[] { "--websocket-timeout=0", "--websocket-connect-timeout=10" }, 0, 10)]
    public void DaphneWebSocketTimeouts_MappedWithDaphnesDefaults(string[] flags, int timeout, int connectTimeout)
    {
        var options = Config.Succeed(Config.Load(["asgi", .. flags, "m:app"]));

        Assert.Equal((timeout, connectTimeout), (options.WebSocketTimeout, options.WebSocketConnectTimeout));
    }

    [Fact]
    public void WebSocketTimeouts_UwsgiWay_NoBoundsByDefault()
    {
        var options = Config.Options("--http", ":8000", "--asgi", "m:app");

        Assert.Equal((-1, -1), (options.WebSocketTimeout, options.WebSocketConnectTimeout));
    }

    [Fact]
    public void WebSocketTimeout_BelowMinusOne_ConfigError()
    {
        var result = Config.Load("asgi", "--websocket_timeout", "-5", "m:app");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, error => error.ToString().Contains("websocket-timeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--ping-interval", "20", "--ping-timeout", "30", 20, 30)]
    [InlineData("--ws-ping-interval", "20.0", "--ws-ping-timeout", "2.5", 20, 3)]
    public void PingFlags_MapToUwsgisPingFrequencyAndPongTolerance(string interval, string every, string timeout, string within, int frequency, int tolerance)
    {
        var options = Config.Succeed(Config.Load("asgi", interval, every, timeout, within, "m:app"));

        Assert.Equal((frequency, tolerance), (options.WebSocketPingFrequency, options.WebSocketPongTolerance));
    }

    [Fact]
    public void PingFlagsAbsent_DaphnesDefaults()
    {
        var options = Config.Succeed(Config.Load("asgi", "m:app"));

        Assert.Equal((20, 30), (options.WebSocketPingFrequency, options.WebSocketPongTolerance));
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    public void WsPerMessageDeflate_MapsToGantrysFlag(string value, bool expected)
    {
        var options = Config.Succeed(Config.Load("asgi", "--ws-per-message-deflate", value, "m:app"));

        Assert.Equal(expected, options.WebSocketPerMessageDeflate);
    }

    [Fact]
    public void PerMessageDeflate_OnByDefault_NoFlagTurnsItOff()
    {
        Assert.True(Config.Succeed(Config.Load("--http-socket", ":0", "--asgi", "m:app")).WebSocketPerMessageDeflate);
        Assert.False(Config.Succeed(Config.Load("--http-socket", ":0", "--asgi", "m:app", "--no-websocket-per-message-deflate")).WebSocketPerMessageDeflate);
    }

    [Theory]
    [InlineData("--ws-max-size", "16777216", 16384)]
    [InlineData("--websocket-max-message-size", "1000", 1)]
    [InlineData("--websocket-max-frame-size", "1048577", 1025)]
    public void WebSocketMaxSize_BytesRoundedUpToUwsgisKilobytes(string flag, string bytes, int kilobytes)
    {
        var result = Config.Load("asgi", flag, bytes, "m:app");

        Assert.Equal(kilobytes, Config.Succeed(result).WebSocketMaxSize);
    }

    [Fact]
    public void Tls_UvicornSslFlags_BecomeAnHttpsSocket()
    {
        var result = Config.Load("asgi", "--port", "8443", "--ssl-certfile", "c.pem", "--ssl-keyfile", "k.pem", "--ssl-ca-certs", "ca.pem",
            "--ssl-cert-reqs", "2", "--ssl-ciphers", "ECDHE+AESGCM", "m:app");

        var https = Assert.Single(Config.Succeed(result).HttpsSockets);
        Assert.Equal(new HttpsSocketOptions("127.0.0.1:8443", "/c.pem", "/k.pem", "ECDHE+AESGCM", "/ca.pem", true), https);
        Assert.Empty(Config.Succeed(result).HttpSockets);
    }

    [Fact]
    public void Tls_CertificateOnly_KeyFromTheSameFileNoClientCertificates()
    {
        var result = Config.Load("asgi", "--ssl-certfile", "both.pem", "--ssl-ca-certs", "ca.pem", "m:app");

        Assert.Equal(new HttpsSocketOptions("127.0.0.1:8000", "/both.pem", "/both.pem", null, null, false), Assert.Single(Config.Succeed(result).HttpsSockets));
    }

    [Fact]
    public void Tls_Fd_AndNoApp_Errors()
    {
        var result = Config.Load("asgi", "--ssl-keyfile", "k.pem", "--fd", "three");

        var errors = Config.ErrorText(result);
        Assert.Contains("give the certificate too", errors);
        Assert.Contains("give the number of an open listening socket's descriptor", errors);
        Assert.Contains("name the application", errors);
    }

    [Theory]
    [InlineData("--fd", "7")]
    [InlineData("--endpoint", "fd:fileno=7")]
    public void Fd_BecomesTheHttpSocket_InsteadOfHostAndPort(string flag, string value)
    {
        var result = Config.Load("asgi", flag, value, "m:app");

        Assert.Equal(["fd://7"], Config.Succeed(result).HttpSockets);
    }

    [Fact]
    public void AsgiOption_BesideAWsgiApp_Error()
    {
        var result = Config.Load("--http", ":8000", "--asgi", "a:app", "--module", "b.wsgi");

        Assert.Contains("cannot share a worker", Config.ErrorText(result));
    }

    [Fact]
    public void AsgiOption_LifespanValueChecked()
    {
        var result = Config.Load("--http", ":8000", "--asgi", "a:app", "--asgi-lifespan", "sometimes");

        Assert.Contains("lifespan is auto, on or off", Config.ErrorText(result));
    }
}
