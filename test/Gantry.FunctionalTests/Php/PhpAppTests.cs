using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Php;

/// <summary>
/// A real PHP application behind gantry and Debian's php-fpm on a loopback port, served as the seed's nginx site with
/// a front controller (<c>try_files $uri $uri/ /index.php?$query_string</c>): routing, a form POST, a file upload,
/// sessions, status and headers, a redirect, the FastCGI params, php-fpm's stderr in gantry's log.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PhpAppTests : IAsyncLifetime
{
    private PhpSite _site = null!;

    public async Task InitializeAsync() => _site = await PhpSite.StartAsync("phpapp");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task FrontController_RouteNotAFile_IndexPhpWithTheQuery()
    {
        var response = await _site.GetAsync("/hello/world?x=1&y=2");

        Assert.True(response.StatusCode == 200, $"{response}\n{_site.Logs}");
        Assert.Equal("hello world q=x=1&y=2", response.BodyText);
        Assert.Equal("hello", response.Header("X-Route"));
    }

    [Fact]
    public async Task FormPost_Urlencoded_PhpParsesPost()
    {
        var response = await _site.SendAsync("POST", "/form", "Content-Type: application/x-www-form-urlencoded\r\n", "name=Ada+Lovelace&lang=en"u8.ToArray());

        Assert.True(response.StatusCode == 200, $"{response}\n{_site.Logs}");
        Assert.Equal("name=Ada Lovelace fields=2", response.BodyText);
    }

    [Fact]
    public async Task Upload_Multipart2MiB_StreamedToPhpWhole()
    {
        var file = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        const string Boundary = "----gantryboundary";
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        body.Write(file);
        body.Write(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));

        var response = await _site.SendAsync("POST", "/upload", $"Content-Type: multipart/form-data; boundary={Boundary}\r\n", body.ToArray());

        Assert.True(response.StatusCode == 200, $"{response}\n{_site.Logs}");
        Assert.Equal($"blob.bin {file.Length} {Convert.ToHexStringLower(SHA256.HashData(file))}", response.BodyText);
    }

    [Fact]
    public async Task Session_CookieSentBack_CounterKept()
    {
        var first = await _site.GetAsync("/count");
        var cookie = first.Header("Set-Cookie")!.Split(';')[0];

        var second = await _site.GetAsync("/count", $"Cookie: {cookie}\r\n");

        Assert.Equal("n=1", first.BodyText);
        Assert.True(second.BodyText == "n=2", $"{second}\n{_site.Logs}");
    }

    [Fact]
    public async Task StatusAndHeaders_201RepeatedHeaderAndCookie_PassedOn()
    {
        var response = await _site.GetAsync("/created");

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["a", "b"], response.HeaderValues("X-Custom"));
        Assert.Contains(response.HeaderValues("Set-Cookie"), cookie => cookie.StartsWith("flavour=plain", StringComparison.Ordinal));
        Assert.Equal("created", response.BodyText);
    }

    [Fact]
    public async Task Redirect_LocationHeader_302ToTheClient()
    {
        var response = await _site.GetAsync("/go");

        Assert.Equal(302, response.StatusCode);
        Assert.Equal("/hello/redirected", response.Header("Location"));
    }

    [Fact]
    public async Task Params_AsFastcgiConfSends_ScriptAndDocumentVariables()
    {
        var response = await _site.GetAsync("/hello.php/extra/path?a=b", "X-Custom: yes\r\n");
        var env = await _site.GetAsync("/info/env.php/tail?q=1", "X-Custom: yes\r\n");
        var variables = JsonDocument.Parse(env.Body).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        string Value(string name) => variables[name].ToString();

        Assert.Equal("hello php /hello.php pi=/extra/path\n", response.BodyText);
        Assert.Equal(Path.Combine(_site.Root, "info/env.php"), Value("SCRIPT_FILENAME"));
        Assert.Equal("/info/env.php", Value("SCRIPT_NAME"));
        Assert.Equal("/tail", Value("PATH_INFO"));
        Assert.Equal(_site.Root + "/tail", Value("PATH_TRANSLATED"));
        Assert.Equal("/info/env.php", Value("DOCUMENT_URI"));
        Assert.Equal(_site.Root, Value("DOCUMENT_ROOT"));
        Assert.Equal("/info/env.php/tail?q=1", Value("REQUEST_URI"));
        Assert.Equal("q=1", Value("QUERY_STRING"));
        Assert.Equal("GET", Value("REQUEST_METHOD"));
        Assert.Equal("200", Value("REDIRECT_STATUS"));
        Assert.Equal("CGI/1.1", Value("GATEWAY_INTERFACE"));
        Assert.Equal("http", Value("REQUEST_SCHEME"));
        Assert.StartsWith("gantry/", Value("SERVER_SOFTWARE"), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", Value("REMOTE_ADDR"));
        Assert.True(variables.ContainsKey("REMOTE_PORT"));
        Assert.True(variables.ContainsKey("SERVER_PORT"));
        Assert.Equal("HTTP/1.0", Value("SERVER_PROTOCOL"));
        Assert.Equal("yes", Value("HTTP_X_CUSTOM"));
        Assert.Equal("php.test", Value("HTTP_HOST"));
    }

    [Fact]
    public async Task FrontController_FallbackKeepsRequestUriAndDocumentUriIsTheScript()
    {
        var env = await _site.GetAsync("/env?z=9");
        var variables = JsonDocument.Parse(env.Body).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);

        Assert.Equal("/env?z=9", variables["REQUEST_URI"].ToString());
        Assert.Equal("/index.php", variables["DOCUMENT_URI"].ToString());
        Assert.Equal("/index.php", variables["SCRIPT_NAME"].ToString());
        Assert.Equal("z=9", variables["QUERY_STRING"].ToString());
    }

    [Fact]
    public async Task Stderr_ErrorLog_InGantrysLogWithTheAddress()
    {
        var response = await _site.GetAsync("/error");

        Assert.Equal("logged", response.BodyText);
        await _site.Gantry.WaitForOutputAsync($"php-fpm {_site.Fpm.Address} stderr: ", TimeSpan.FromSeconds(10));
        Assert.Contains("app error line", _site.Gantry.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BigResponse_4MiB_ArrivesWhole()
    {
        var response = await _site.GetAsync("/big?k=4096");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(4096 * 64 * 16, response.Body.Length);
    }

    /// <summary>A client slower than php-fpm: gantry stops reading php-fpm while the client holds back, and resumes.</summary>
    [Fact]
    public async Task BigResponse_SlowClient_ArrivesWholeInOrder()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(_site.Http);
        await socket.SendAsync("GET /big?k=512 HTTP/1.0\r\nHost: php.test\r\n\r\n"u8.ToArray());
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, bound.Token);
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
            if (received.Length < 64 * 1024)
            {
                await Task.Delay(5, bound.Token);
            }
        }
        var text = Encoding.ASCII.GetString(received.ToArray());
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Equal(string.Concat(Enumerable.Repeat("0123456789abcdef", 512 * 64)), body);
    }

    [Fact]
    public async Task StaticFile_NextToScripts_ServedWithEtag()
    {
        var response = await _site.GetAsync("/style.css");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/css", response.Header("Content-Type"));
        Assert.NotNull(response.Header("ETag"));
        Assert.Equal("body { color: black; }\n", response.BodyText);
    }

    /// <summary>A PHP-only site has no Python application: libpython is never loaded (GantryOptions.StartsPython).</summary>
    [Fact]
    public async Task PhpOnlySite_AfterRequests_LibpythonNotMapped()
    {
        Assert.Equal(200, (await _site.GetAsync("/")).StatusCode);

        var maps = await File.ReadAllTextAsync($"/proc/{_site.Gantry.Pid}/maps");

        Assert.DoesNotContain("libpython", maps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAliveClient_ManyRequestsOnOneConnection_AllAnswered()
    {
        await using var probe = await HttpProbe.ConnectAsync(_site.Http);
        for (var i = 0; i < 20; i++)
        {
            await probe.SendAsync($"GET /hello/n{i} HTTP/1.1\r\nHost: php.test\r\n\r\n");
            var response = await probe.ReadResponseAsync();
            Assert.Equal($"hello n{i} q=", response.BodyText);
        }
    }
}
