using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// <c>--http2</c>: h2 by ALPN on the HTTPS sockets, streams multiplexed into the same posting path, with real clients
/// (curl, openssl s_client, python3-httpx with h2, h2load) and the public HTTP/2 attacks (Apps/h2_attacks.py).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class Http2Tests
{
    private const string Python = "/usr/bin/python3";
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    private static Task<GantryProcess> StartAsync(TestCertificates certificates, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--wsgi-file", App, "--http2", .. more],
            TestApps.Folder);

    private static int HttpsPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "https").Port;

    [Fact]
    public async Task Http2_CurlOverTls_NegotiatesH2AndAppSeesHttp2()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);

        var result = await Curl.RunAsync(["-sS", "--http2", "--cacert", certificates.CaCertificate, "--resolve", $"localhost:{port}:127.0.0.1",
            "-w", "\n%{http_version}", $"https://localhost:{port}/h2?x=y"]);
        var (_, alpn) = await OpenSslClient.ConnectAsync(port, "-alpn", "h2,http/1.1");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("2", lines[^1]);
        var answer = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("HTTP/2", answer.GetProperty("protocol").GetString());
        Assert.Equal("https", answer.GetProperty("scheme").GetString());
        Assert.Equal($"localhost:{port}", answer.GetProperty("host").GetString());
        Assert.Contains("ALPN protocol: h2", alpn, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Http2_WithoutFlag_H2RefusedClientUsesHttp11()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--wsgi-file", App], TestApps.Folder);

        var result = await Curl.RunAsync(["-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{http_version}", $"https://127.0.0.1:{HttpsPort(gantry)}/"]);

        Assert.Equal("1.1", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Http2_HttpxConcurrentStreamsOnOneConnection_AllAnswered()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--threads", "2");
        var port = HttpsPort(gantry);
        const string Script = """
            import asyncio, json, sys, httpx
            async def main(port, ca):
                async with httpx.AsyncClient(http2=True, verify=ca) as client:
                    responses = await asyncio.gather(*[
                        client.post(f"https://localhost:{port}/n{i}", content=b"z" * (i * 1000)) for i in range(60)])
                    print(json.dumps([[r.http_version, r.json()["path"], r.json()["length"], r.json()["protocol"]] for r in responses]))
            asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
            """;

        var (exitCode, output) = await RunPythonAsync(["-c", Script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), certificates.CaCertificate]);

        Assert.True(exitCode == 0, output);
        var answers = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(60, answers.Count);
        for (var i = 0; i < answers.Count; i++)
        {
            Assert.Equal("HTTP/2", answers[i][0].GetString());
            Assert.Equal($"/n{i}", answers[i][1].GetString());
            Assert.Equal(i * 1000, answers[i][2].GetInt32());
            Assert.Equal("HTTP/2", answers[i][3].GetString());
        }
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Http2_H2load100StreamsOver10Connections_AllSucceed()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);

        var (exitCode, output) = await RunAsync("/usr/bin/h2load", ["-n", "3000", "-c", "10", "-m", "10", $"https://127.0.0.1:{HttpsPort(gantry)}/"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("3000 succeeded, 0 failed, 0 errored", output, StringComparison.Ordinal);
        Assert.Contains("status codes: 3000 2xx", output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Http2_LargeStreamedBody_FlowControlDeliversAll()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);

        var result = await Curl.RunAsync(["-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{size_download} %{http_version}",
            $"https://127.0.0.1:{HttpsPort(gantry)}/file"]);

        Assert.Equal($"{3 * 1024 * 1024} 2", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Theory]
    [InlineData("rapid-reset")]
    [InlineData("continuation")]
    [InlineData("settings")]
    [InlineData("ping")]
    [InlineData("hpack-bomb")]
    public async Task Http2_Attack_ServerStaysUpServesOthersMemoryBounded(string attack)
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);
        Assert.Equal(200, await StatusAsync(port));
        var before = ProcessMemory.ResidentBytes(gantry.Pid);

        var attacker = RunPythonAsync([Path.Combine(TestApps.Folder, "h2_attacks.py"), "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), attack]);
        // Another client is answered while the attack runs (or after, if it ended first).
        Assert.Equal(200, await StatusAsync(port));
        var (exitCode, output) = await attacker;
        var after = ProcessMemory.ResidentBytes(gantry.Pid);

        Assert.True(exitCode == 0, output);
        Assert.False(gantry.HasExited, gantry.Output);
        Assert.Equal(200, await StatusAsync(port));
        var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        if (attack is "continuation" or "hpack-bomb")
        {
            // Kestrel refuses a header block past its limits and closes the connection (no endless buffering).
            Assert.True(report.GetProperty("closed").GetBoolean(), output);
        }
        Assert.True(after - before < 96L * 1024 * 1024, $"{attack}: rss grew from {before} to {after} bytes; {output}");
        Assert.Equal(0, await gantry.StopAsync());
    }

    private static async Task<int> StatusAsync(int port)
    {
        var result = await Curl.RunAsync(["-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{http_code}", $"https://127.0.0.1:{port}/"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return int.Parse(result.StandardOutput, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<(int ExitCode, string Output)> RunPythonAsync(string[] arguments) => RunAsync(Python, arguments);

    private static async Task<(int ExitCode, string Output)> RunAsync(string executable, string[] arguments)
    {
        var result = await ToolProcess.RunAsync(executable, arguments, TimeSpan.FromSeconds(180));
        return (result.ExitCode, result.Output);
    }
}
