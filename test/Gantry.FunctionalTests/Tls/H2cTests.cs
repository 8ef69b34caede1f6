using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// <c>--http2</c> on a plain HTTP socket: a client that opens with the HTTP/2 preface (h2c, prior knowledge) is handed
/// from the loop to Kestrel; HTTP/1.1 clients on the same socket are served by the loop as before. Real clients: curl
/// (<c>--http2-prior-knowledge</c>) and h2load.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class H2cTests
{
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    private static Task<GantryProcess> StartAsync(params string[] more) =>
        GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--wsgi-file", App, .. more], TestApps.Folder);

    private static int HttpPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "http").Port;

    [Fact]
    public async Task H2c_PriorKnowledgeAndHttp11OnOneSocket_BothServed()
    {
        await using var gantry = await StartAsync("--http2", "--threads", "2");
        var port = HttpPort(gantry);

        var h2 = await Curl.RunAsync(["-sS", "--http2-prior-knowledge", "-w", "\n%{http_version}", "--data-binary", "abc",
            $"http://127.0.0.1:{port}/h2c?q=1"]);
        var h1 = await Curl.RunAsync(["-sS", "--http1.1", "-w", "\n%{http_version}", $"http://127.0.0.1:{port}/h1"]);
        // curl --http2 on http:// asks with Upgrade: h2c, which is answered as HTTP/1.1 (Kestrel has no h2c upgrade).
        var upgrade = await Curl.RunAsync(["-sS", "--http2", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", $"http://127.0.0.1:{port}/up"]);

        Assert.True(h2.ExitCode == 0, h2.StandardError);
        var h2Lines = h2.StandardOutput.Split('\n');
        Assert.Equal("2", h2Lines[^1]);
        var h2Answer = JsonDocument.Parse(h2Lines[0]).RootElement;
        Assert.Equal("HTTP/2", h2Answer.GetProperty("protocol").GetString());
        Assert.Equal("http", h2Answer.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, h2Answer.GetProperty("https").ValueKind);
        Assert.Equal("/h2c", h2Answer.GetProperty("path").GetString());
        Assert.Equal("q=1", h2Answer.GetProperty("query").GetString());
        Assert.Equal(3, h2Answer.GetProperty("length").GetInt32());
        Assert.True(h1.ExitCode == 0, h1.StandardError);
        var h1Lines = h1.StandardOutput.Split('\n');
        Assert.Equal("1.1", h1Lines[^1]);
        Assert.Equal("HTTP/1.1", JsonDocument.Parse(h1Lines[0]).RootElement.GetProperty("protocol").GetString());
        Assert.Equal("200 1.1", upgrade.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task H2c_H2load_AllStreamsSucceed()
    {
        await using var gantry = await StartAsync("--http2");

        var result = await ToolProcess.RunAsync("/usr/bin/h2load", ["-n", "2000", "-c", "10", "-m", "10", $"http://127.0.0.1:{HttpPort(gantry)}/"],
            TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("2000 succeeded, 0 failed, 0 errored", result.Output, StringComparison.Ordinal);
        Assert.Contains("status codes: 2000 2xx", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task H2c_MasterWithWorkers_WorkersHandOverToTheirKestrel()
    {
        await using var gantry = await StartAsync("--http2", "--master", "--processes", "2");
        var port = HttpPort(gantry);

        var pids = new HashSet<int>();
        for (var i = 0; i < 6; i++)
        {
            var h2 = await Curl.RunAsync(["-sS", "--http2-prior-knowledge", $"http://127.0.0.1:{port}/m{i}"]);
            Assert.True(h2.ExitCode == 0, h2.StandardError);
            var answer = JsonDocument.Parse(h2.StandardOutput).RootElement;
            Assert.Equal("HTTP/2", answer.GetProperty("protocol").GetString());
            pids.Add(answer.GetProperty("pid").GetInt32());
        }

        Assert.DoesNotContain(gantry.Pid, pids);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task H2c_WithoutFlag_PrefaceRefusedHttp11Served()
    {
        await using var gantry = await StartAsync();
        var port = HttpPort(gantry);

        var h2 = await Curl.RunAsync(["-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/"]);
        var h1 = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/"]);

        Assert.NotEqual("200", h2.StandardOutput);
        Assert.Equal("200", h1.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
