using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// Every way out of the CGI directory a path can try (dot segments plain and percent-encoded, encoded slashes, NUL,
/// symlinks to a file and to a directory outside) must never run anything outside it: the script outside leaves a
/// marker whenever it runs, and none may appear. With <c>--cgi-safe</c> naming the outside folder the symlinks are
/// allowed (the positive control: the marker does appear) while dot segments still are not.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiTraversalTests(CgiGantryFixture fixture) : IClassFixture<CgiGantryFixture>
{
    public static TheoryData<string, int> HttpTargets() => new()
    {
        { "/cgi-bin/../outside/escaped.cgi", 403 },
        { "/cgi-bin/%2e%2e/outside/escaped.cgi", 403 },
        { "/cgi-bin/%2E%2E/outside/escaped.cgi", 403 },
        { "/cgi-bin/.%2e/outside/escaped.cgi", 403 },
        { "/cgi-bin/..%2foutside%2fescaped.cgi", 403 },
        { "/cgi-bin%2f..%2foutside/escaped.cgi", 403 },
        { "/cgi-bin/sub/../../outside/escaped.cgi", 403 },
        { "/cgi-bin/sub/%2e%2e/%2e%2e/outside/escaped.cgi", 403 },
        { "/cgi-bin/./../outside/escaped.cgi", 403 },
        { "/cgi-bin/hello.cgi/../../outside/escaped.cgi", 403 },
        { "/cgi-bin/..", 403 },
        { "/cgi-bin/../", 403 },
        { "/cgi-bin/out.cgi", 403 },
        { "/cgi-bin/out.cgi/extra", 403 },
        { "/cgi-bin/outdir/escaped.cgi", 403 },
        { "/cgi-bin/outdir/", 403 },
        { "/cgi-bin/outdir", 403 },
        { "/cgi-bin/%252e%252e/outside/escaped.cgi", 404 },
        { "/cgi-bin/..%5coutside/escaped.cgi", 404 },
        { "/cgi-bin/....//outside/escaped.cgi", 404 },
        { "/cgi-bin/hello.cgi%00", 400 },
        { "/cgi-bin/%00/../outside/escaped.cgi", 400 },
        { "/cgi-bin/out.cgi%00.txt", 400 },
    };

    [Theory]
    [MemberData(nameof(HttpTargets))]
    public async Task HttpPath_LeavingTheDirectory_RefusedAndNothingRuns(string target, int status)
    {
        var answer = await CgiClient.AskAsync(fixture.Http, "GET", target);

        Assert.True(answer.Status == status, $"GET {target}: {answer}, expected {status}\n{fixture.Gantry.Output}");
        Assert.Empty(fixture.Site.EscapedRuns());
    }

    /// <summary>PATH_INFO as a gateway sends it, already decoded: NUL and dot segments arrive raw.</summary>
    public static TheoryData<string, int> GatewayPaths() => new()
    {
        { "/cgi-bin/../outside/escaped.cgi", 403 },
        { "/cgi-bin/sub/../../outside/escaped.cgi", 403 },
        { "/cgi-bin/out.cgi", 403 },
        { "/cgi-bin/outdir/escaped.cgi", 403 },
        { "/cgi-bin/hello.cgi\0.txt", 404 },
        { "/cgi-bin/out.cgi\0", 404 },
        { "/cgi-bin/x\0/../../outside/escaped.cgi", 404 },
    };

    [Theory]
    [MemberData(nameof(GatewayPaths))]
    public async Task UwsgiPathInfo_LeavingTheDirectory_RefusedAndNothingRuns(string pathInfo, int status)
    {
        await using var probe = await HttpProbe.ConnectAsync(fixture.Uwsgi);
        await probe.SendAsync(UwsgiRequest.Encode(
        [
            new("REQUEST_METHOD", "GET"), new("REQUEST_URI", "/x"), new("PATH_INFO", pathInfo), new("QUERY_STRING", ""),
            new("SERVER_PROTOCOL", "HTTP/1.1"), new("SERVER_NAME", "cgi.test"), new("SERVER_PORT", "80"),
            new("REMOTE_ADDR", "127.0.0.1"), new("REMOTE_PORT", "50000"), new("HTTP_HOST", "cgi.test"),
        ]));
        var response = await probe.ReadResponseAsync();

        Assert.True(response.StatusCode == status,
            $"PATH_INFO {pathInfo.Replace("\0", "\\0", StringComparison.Ordinal)}: {response.StatusCode}, expected {status}\n{fixture.Gantry.Output}");
        Assert.Empty(fixture.Site.EscapedRuns());
    }

    [Fact]
    public async Task CgiSafe_SymlinksOutAllowed_DotSegmentsStillRefused()
    {
        using var site = new CgiSite("cgisafe");
        await using var gantry = await site.StartGantryAsync("--cgi-safe", site.Outside);
        var endPoint = gantry.Addresses[0].ToEndPoint();

        var refused = new StringBuilder();
        foreach (var target in new[] { "/cgi-bin/../outside/escaped.cgi", "/cgi-bin/%2e%2e/outside/escaped.cgi", "/cgi-bin/sub/../../outside/escaped.cgi" })
        {
            var answer = await CgiClient.AskAsync(endPoint, "GET", target);
            if (answer.Status != 403)
            {
                refused.Append(System.Globalization.CultureInfo.InvariantCulture, $"{target}: {answer}\n");
            }
        }
        Assert.True(refused.Length == 0, "dot segments not refused with cgi-safe:\n" + refused + gantry.Output);
        Assert.Empty(site.EscapedRuns());

        Assert.Equal(new CgiAnswer(200, "text/plain", null, "escaped\n"), await CgiClient.AskAsync(endPoint, "GET", "/cgi-bin/out.cgi"));
        Assert.Equal(new CgiAnswer(200, "text/plain", null, "escaped\n"), await CgiClient.AskAsync(endPoint, "GET", "/cgi-bin/outdir/escaped.cgi"));
        Assert.Equal(2, site.EscapedRuns().Length);
    }
}
