using System.Globalization;
using System.Text;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Gateway;

/// <summary>
/// Repeated and duplicate variables on the uwsgi and FastCGI fronts, sent as nginx sends them (one variable per param
/// and per header line, in order): the application must see what the HTTP front gives it for the same request.
/// </summary>
public sealed class GatewayEnvironTests
{
    public static TheoryData<ListenerProtocol> Fronts() => new() { ListenerProtocol.Uwsgi, ListenerProtocol.FastCgi };

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedHeader_InterleavedLines_JoinedInWireOrder(ListenerProtocol front)
    {
        var lines = Exchange(front,
        [
            ("HTTP_X_DUP", "first"), ("HTTP_COOKIE", "a=1"), ("HTTP_X_DUP", "second"), ("HTTP_ACCEPT", "text/plain"),
            ("HTTP_COOKIE", "b=2"), ("HTTP_X_DUP", "third"),
        ]);
        Assert.Equal(["first, second, third"], Values(lines, "HTTP_X_DUP"));
        Assert.Equal(["a=1; b=2"], Values(lines, "HTTP_COOKIE"));
        Assert.Equal(["text/plain"], Values(lines, "HTTP_ACCEPT"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedHeader_EmptyLine_KeptAsEmptyMember(ListenerProtocol front)
    {
        var lines = Exchange(front, [("HTTP_X_LIST", "a"), ("HTTP_X_LIST", ""), ("HTTP_X_LIST", "b")]);
        Assert.Equal(["a, , b"], Values(lines, "HTTP_X_LIST"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void HttpContentHeaders_NextToCgiParams_Dropped(ListenerProtocol front)
    {
        var lines = Exchange(front,
            [("HTTP_CONTENT_TYPE", "text/plain"), ("HTTP_CONTENT_LENGTH", "3")],
            method: "POST", contentType: "text/plain", body: "abc");
        Assert.Empty(Values(lines, "HTTP_CONTENT_TYPE"));
        Assert.Empty(Values(lines, "HTTP_CONTENT_LENGTH"));
        Assert.Equal(["text/plain"], Values(lines, "CONTENT_TYPE"));
        Assert.Equal(["3"], Values(lines, "CONTENT_LENGTH"));
        Assert.Equal(["3"], Values(lines, "body_length"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void ProxyAndTransferEncodingHeaders_Dropped(ListenerProtocol front)
    {
        var lines = Exchange(front, [("HTTP_PROXY", "http://attacker.test:3128"), ("HTTP_TRANSFER_ENCODING", "chunked"), ("HTTP_X_KEPT", "yes")]);
        Assert.Empty(Values(lines, "HTTP_PROXY"));
        Assert.Empty(Values(lines, "HTTP_TRANSFER_ENCODING"));
        Assert.Equal(["yes"], Values(lines, "HTTP_X_KEPT"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedNonHeaderVariable_SiteOverridesStockParam_LastWins(ListenerProtocol front)
    {
        var lines = Exchange(front, [("SERVER_NAME", "override.example"), ("DOCUMENT_ROOT", "/srv/a"), ("DOCUMENT_ROOT", "/srv/b")]);
        Assert.Equal(["override.example"], Values(lines, "SERVER_NAME"));
        Assert.Equal(["/srv/b"], Values(lines, "DOCUMENT_ROOT"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedHttpHost_DebianParamsThenSiteParam_LastWins(ListenerProtocol front)
    {
        // Debian's params end with HTTP_HOST $host; a site adding HTTP_HOST $http_host sends it a second time.
        var lines = Exchange(front, [("HTTP_HOST", "example.org:8080")]);
        Assert.Equal(["example.org:8080"], Values(lines, "HTTP_HOST"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedContentLength_LastOne_FramesBodyAndIsWhatTheAppSees(ListenerProtocol front)
    {
        var lines = Exchange(front, [("CONTENT_LENGTH", "3")], method: "POST", body: "abc", contentLength: "");
        Assert.Equal(["3"], Values(lines, "CONTENT_LENGTH"));
        Assert.Equal(["3"], Values(lines, "body_length"));
    }

    [Fact]
    public void RepeatedScriptName_Uwsgi_LastWins()
    {
        var lines = Exchange(ListenerProtocol.Uwsgi, [("SCRIPT_NAME", "/one"), ("SCRIPT_NAME", "/two")]);
        Assert.Equal(["/two"], Values(lines, "SCRIPT_NAME"));
    }

    [Theory]
    [MemberData(nameof(Fronts))]
    public void RepeatedHeader_HundredsOfInterleavedLines_AllJoined(ListenerProtocol front)
    {
        var extra = Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? "HTTP_X_A" : "HTTP_X_B", Number(i)));
        var lines = Exchange(front, [.. extra]);
        Assert.Equal([string.Join(", ", Enumerable.Range(0, 200).Select(i => Number(2 * i)))], Values(lines, "HTTP_X_A"));
        Assert.Equal([string.Join(", ", Enumerable.Range(0, 200).Select(i => Number(2 * i + 1)))], Values(lines, "HTTP_X_B"));
    }

    /// <summary>
    /// Sends nginx's stock variables plus <paramref name="extra"/> (after them, as nginx puts client headers after the
    /// params) to the echo application; returns its "KEY=value" lines, repeats included.
    /// </summary>
    private static string[] Exchange(ListenerProtocol front, (string Key, string Value)[] extra, string method = "GET", string contentType = "", string body = "", string? contentLength = null)
    {
        using var host = new FrontHost(front, TestApps.Echo());
        var length = contentLength ?? (body.Length > 0 ? body.Length.ToString(CultureInfo.InvariantCulture) : string.Empty);
        var bytes = Encoding.Latin1.GetBytes(body);
        RawGatewayResponse response;
        if (front == ListenerProtocol.Uwsgi)
        {
            using var client = new UwsgiClient(host.Endpoint);
            response = client.Request([.. WithContentType(UwsgiClient.NginxGet(method: method, contentLength: length), contentType), .. extra], bytes);
        }
        else
        {
            using var client = new FastCgiClient(host.Endpoint);
            client.Send(FastCgiClient.Request(1, [.. WithContentType(FastCgiClient.NginxParams(method: method, contentLength: length), contentType), .. extra], bytes));
            response = client.ReadUntilEndRequest(1).Response();
        }
        Assert.Equal(200, response.Status);
        return response.Text.Split('\n');
    }

    private static string Number(int i) => i.ToString("D3", CultureInfo.InvariantCulture);

    private static IEnumerable<(string Key, string Value)> WithContentType(IEnumerable<(string Key, string Value)> variables, string contentType) =>
        variables.Select(v => v.Key == "CONTENT_TYPE" ? (v.Key, contentType) : v);

    private static string[] Values(string[] lines, string key) =>
        [.. lines.Where(line => line.StartsWith(key + "=", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..])];
}
