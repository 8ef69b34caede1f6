using System.Net;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Mount;

/// <summary>
/// Mounts behind a uwsgi socket, where the gateway sends SCRIPT_NAME (nginx <c>uwsgi_param SCRIPT_NAME /a;</c>):
/// it selects the app by exact match, as in uWSGI; modifier1 30 strips it from PATH_INFO.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class MountUwsgiSocketTests
{
    private const byte ScriptNameStripped = 30;

    private static async Task<MountSite.Answer> SendAsync(EndPoint endPoint, string? scriptName, string pathInfo, byte modifier1 = 0)
    {
        List<KeyValuePair<string, string>> variables =
        [
            new("REQUEST_METHOD", "GET"), new("REQUEST_URI", pathInfo), new("PATH_INFO", pathInfo), new("QUERY_STRING", ""),
            new("SERVER_PROTOCOL", "HTTP/1.1"), new("SERVER_NAME", "localhost"), new("SERVER_PORT", "80"),
            new("REMOTE_ADDR", "127.0.0.1"), new("REMOTE_PORT", "50000"), new("HTTP_HOST", "localhost"),
        ];
        if (scriptName is not null)
        {
            variables.Add(new("SCRIPT_NAME", scriptName));
        }
        var packet = UwsgiRequest.Encode(variables);
        packet[0] = modifier1;
        await using var probe = await HttpProbe.ConnectAsync(endPoint);
        await probe.SendAsync(packet);
        var raw = Encoding.UTF8.GetString(await probe.ReadToEndAsync());
        var status = int.Parse(raw.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return MountSite.Parse(status, body);
    }

    [Fact]
    public async Task ScriptNameFromGateway_SelectsByExactMatchLikeUwsgi()
    {
        using var site = new MountSite("mountexact");
        string[] options = ["--wsgi-file", "main.py", "--mount", "/a=a.py", "--mount", "/b/=b.py"];
        (string?, string)[] requests = [("/a", "/a/x"), ("/a/", "/a/x"), ("/b/", "/b/x"), ("/b", "/b/x"), ("/c", "/c/x"), (null, "/a/x")];

        await using var gantry = await GantryProcess.StartReadyAsync(["--socket", "127.0.0.1:0", .. options], site.Path);
        await using var uwsgi = await UwsgiReference.StartAsync(site.Path, "socket", options);

        foreach (var (scriptName, pathInfo) in requests)
        {
            var expected = (await SendAsync(uwsgi.EndPoint, scriptName, pathInfo)).WithEmptyScriptName();
            var actual = await SendAsync(gantry.Addresses[0].ToEndPoint(), scriptName, pathInfo);
            Assert.True(expected == actual, $"SCRIPT_NAME {scriptName} PATH_INFO {pathInfo}: uWSGI {expected}, gantry {actual}");
        }
        Assert.Equal(new MountSite.Answer(200, "b", "/b/", "/b/x"), await SendAsync(gantry.Addresses[0].ToEndPoint(), "/b/", "/b/x"));
    }

    [Fact]
    public async Task Modifier30_StripsScriptNameFromPathInfoAtASegmentBoundary()
    {
        using var site = new MountSite("mountmod30");

        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--socket", "127.0.0.1:0", "--wsgi-file", "main.py", "--mount", "/a=a.py"], site.Path);
        var endPoint = gantry.Addresses[0].ToEndPoint();

        Assert.Equal(new MountSite.Answer(200, "a", "/a", "/x"), await SendAsync(endPoint, "/a", "/a/x", ScriptNameStripped));
        Assert.Equal(new MountSite.Answer(200, "a", "/a", ""), await SendAsync(endPoint, "/a", "/a", ScriptNameStripped));
        Assert.Equal(new MountSite.Answer(200, "main", "/app", "/application"), await SendAsync(endPoint, "/app", "/application", ScriptNameStripped));
        Assert.Equal(new MountSite.Answer(200, "main", "", "/a/x"), await SendAsync(endPoint, null, "/a/x", ScriptNameStripped));
        Assert.Equal(new MountSite.Answer(200, "a", "/a", "/a/x"), await SendAsync(endPoint, "/a", "/a/x"));
    }
}
