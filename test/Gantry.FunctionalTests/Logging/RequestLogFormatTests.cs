using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Mount;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// The request log's shapes (issue 16 §5): uWSGI's --log-format template with its variables (from the command line and
/// from an ini file, where uWSGI's placeholders must not eat them), Gantry's --log-json, log-x-forwarded-for, and
/// uWSGI's exceptions to --disable-logging (log-4xx, log-slow).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class RequestLogFormatTests
{
    private const string CombinedFormat = "%(addr) - %(user) [%(ltime)] \"%(method) %(uri) %(proto)\" %(status) %(size) \"%(referer)\" \"%(uagent)\" trace=%(var.HTTP_X_TRACE) %(msecs)ms pid=%(pid) wid=%(wid)";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LogFormat_FromTheCommandLine_RendersUwsgiVariables()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--log-format", CombinedFormat);

        await ExchangeAsync(gantry, "GET /status?code=418 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: probe/1\r\nReferer: http://r.test/\r\nX-Trace: abc\r\nConnection: close\r\n\r\n");

        var line = await gantry.WaitForOutputAsync("trace=abc", Wait);
        Assert.Matches(CombinedLine(gantry.Pid), line);
    }

    [Fact]
    public async Task LogFormat_FromAnIniFile_KeepsItsVariables()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("app.ini", $"[uwsgi]\nhttp = 127.0.0.1:0\nwsgi-file = {TestApps.Probe}\nlog-format = {CombinedFormat}\n");
        await using var gantry = await GantryProcess.StartReadyAsync([folder.Combine("app.ini")], TestApps.Folder);

        await ExchangeAsync(gantry, "GET /status?code=418 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: probe/1\r\nReferer: http://r.test/\r\nX-Trace: abc\r\nConnection: close\r\n\r\n");

        var line = await gantry.WaitForOutputAsync("trace=abc", Wait);
        Assert.Matches(CombinedLine(gantry.Pid), line);
    }

    [Fact]
    public async Task LogJson_OneObjectPerRequest()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--log-json");

        await ExchangeAsync(gantry, "GET /status?code=404 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: probe/1\r\nConnection: close\r\n\r\n");

        var line = await gantry.WaitForOutputAsync("\"uri\":\"/status\\?code=404\"", Wait);
        using var entry = JsonDocument.Parse(line[line.IndexOf('{')..]);
        var root = entry.RootElement;
        Assert.Equal(("127.0.0.1", "GET", "/status?code=404", "HTTP/1.1", 404), (root.GetProperty("addr").GetString(), root.GetProperty("method").GetString(),
            root.GetProperty("uri").GetString(), root.GetProperty("proto").GetString(), root.GetProperty("status").GetInt32()));
        Assert.Equal(("example.test", "probe/1", gantry.Pid), (root.GetProperty("host").GetString(), root.GetProperty("uagent").GetString(), root.GetProperty("pid").GetInt32()));
        Assert.Equal("status 404".Length, root.GetProperty("rsize").GetInt64());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), out _));
    }

    [Fact]
    public async Task LogXForwardedFor_TheHeaderIsTheClientAddress()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--log-x-forwarded-for");

        await ExchangeAsync(gantry, "GET /status?forwarded HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n");

        var line = await gantry.WaitForOutputAsync("GET /status\\?forwarded", Wait);
        Assert.Contains("] 203.0.113.9 () {", line);
    }

    [Fact]
    public async Task DisableLogging_WithLog4xx_LogsOnlyTheErrors()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--disable-logging", "--log-4xx");

        await ExchangeAsync(gantry, "GET /status?code=200&quiet HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await ExchangeAsync(gantry, "GET /status?code=404&loud HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        await gantry.WaitForOutputAsync("GET /status\\?code=404&loud", Wait);
        Assert.DoesNotContain(gantry.Lines, line => line.Text.Contains("&quiet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisableLogging_WithLogSlow_LogsOnlyTheSlowRequests()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", Master.MasterArguments.App, "--disable-logging", "--log-slow", "200"]);

        Assert.NotNull(await Master.OneShotClient.GetAsync(gantry.HttpBase, "/fast", Wait));
        Assert.NotNull(await Master.OneShotClient.GetAsync(gantry.HttpBase, "/sleep/0.5", Wait));

        await gantry.WaitForOutputAsync("GET /sleep/0.5", Wait);
        Assert.DoesNotContain(gantry.Lines, line => line.Text.Contains("GET /fast", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultLine_IsUwsgisLine_ByteForByte()
    {
        // A request with raw UTF-8 in its query and a tab in a header: uWSGI 2.0.21 writes both as they came.
        const string Request = "GET /status?code=201&q=caf\u00c3\u00a9 HTTP/1.1\r\nHost: t\r\nUser-Agent: a\tb\r\nConnection: close\r\n\r\n";
        await using var uwsgi = await UwsgiReference.StartAsync(TestApps.Folder, "http-socket", ["--wsgi-file", TestApps.Probe]);
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        await HttpProbe.ExchangeAsync(uwsgi.EndPoint, Request);
        await ExchangeAsync(gantry, Request);

        var ours = await gantry.WaitForOutputAsync("GET /status", Wait);
        var theirs = await UwsgiLineAsync(uwsgi, "GET /status");
        Assert.Equal(Shape(theirs), Shape(ours));
        // The day of the month as ctime(3) pads it ("Dec  7"), the query's bytes as they came.
        Assert.Matches(@"\] GET /status\?code=201&q=caf\u00e9 => ", ours);
        Assert.Matches(@"\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d \d{4}\]", ours);
    }

    [Fact]
    public async Task DefaultLine_DateIsWhenTheRequestStarted_AsUwsgis()
    {
        // A 2.2 s request: its line is written at least two seconds after it started, so a date taken at the end
        // could not show the second it was sent in.
        const string Request = "GET /sleep/2.2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        await using var uwsgi = await UwsgiReference.StartAsync(TestApps.Folder, "http-socket", ["--wsgi-file", Master.MasterArguments.App]);
        await using var gantry = await GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", Master.MasterArguments.App]);

        var sent = DateTime.Now;
        await Task.WhenAll(HttpProbe.ExchangeAsync(uwsgi.EndPoint, Request), HttpProbe.ExchangeAsync(gantry.Addresses[0], Request));
        Assert.True(DateTime.Now - sent >= TimeSpan.FromSeconds(2.2));

        var ours = await gantry.WaitForOutputAsync("GET /sleep/2.2", Wait);
        var theirs = await UwsgiLineAsync(uwsgi, "GET /sleep/2.2");
        // Sent in second S; each server began the request in S, or in S + 1 when S ended on the way.
        string[] started = [sent.ToString("HH:mm:ss", CultureInfo.InvariantCulture), sent.AddSeconds(1).ToString("HH:mm:ss", CultureInfo.InvariantCulture)];
        Assert.Contains(TimeOfDay(theirs), started);
        Assert.Contains(TimeOfDay(ours), started);
    }

    /// <summary>uWSGI's first output line holding <paramref name="text"/>, waited for (it may log after it answered).</summary>
    private static async Task<string> UwsgiLineAsync(UwsgiReference uwsgi, string text)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!uwsgi.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return uwsgi.Output.Split('\n').FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) ?? "no line in: " + uwsgi.Output;
    }

    /// <summary>The time of day of a default line's ctime date.</summary>
    private static string TimeOfDay(string line) =>
        Regex.Match(line, @"\} \[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d (\d\d:\d\d:\d\d) \d{4}\] ") is { Success: true } match ? match.Groups[1].Value : "no date in: " + line;

    /// <summary>
    /// A default line with what must differ taken out: the pid, the time of day and the milliseconds, and the request
    /// variables' count and size (uWSGI counts the variables of its own packet; Gantry's CGI set is smaller).
    /// </summary>
    private static string Shape(string line)
    {
        line = line.TrimEnd('\r');
        line = Regex.Replace(line, @"^\[pid: \d+\|", "[pid: P|");
        line = Regex.Replace(line, @"\{\d+ vars in \d+ bytes\}", "{V vars in B bytes}");
        line = Regex.Replace(line, @"\d\d:\d\d:\d\d", "hh:mm:ss");
        return Regex.Replace(line, @"in \d+ msecs", "in N msecs");
    }

    private static async Task ExchangeAsync(GantryProcess gantry, string request)
    {
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], request);
        Assert.True(response.StatusCode > 0);
    }

    private static Regex CombinedLine(int pid) => new(
        "127\\.0\\.0\\.1 -  \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] \"GET /status\\?code=418 HTTP/1\\.1\" 418 \\d+ "
        + $"\"http://r\\.test/\" \"probe/1\" trace=abc \\d+ms pid={pid} wid=1$");
}
