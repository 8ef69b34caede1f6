using System.Net;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Static;

/// <summary>
/// static-cache-paths through the real binary: within the window a retargeted symlink still serves the file it named
/// when first resolved (the resolution is kept, as uWSGI keeps it), while a file rewritten in place is served as it
/// is now (it is stat'ed and opened on every request); without the option the new target is served at once. The
/// window (300 s) is far longer than the test, so "within" holds on any machine; its expiry is the unit tests' (fake
/// clock, StaticPathCacheTests).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StaticCachePathsTests
{
    private static async Task<string> GetAsync(EndPoint endPoint, string path)
    {
        await using var probe = await HttpProbe.ConnectAsync(endPoint);
        await probe.SendAsync($"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n");
        var response = await probe.ReadResponseAsync("GET");
        Assert.True(response.StatusCode == 200, $"{path}: {response.StatusCode} {response.BodyText}");
        return response.BodyText;
    }

    private static void Retarget(StaticSite site, string link, string target)
    {
        var path = Path.Combine(site.Path, "static", link);
        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(site.Path, "static", target));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SymlinkRetargeted_CachedResolutionWithinTheWindow_RewrittenFileAtOnce(bool cachePaths)
    {
        using var site = new StaticSite();
        File.WriteAllText(Path.Combine(site.Path, "static", "v1.txt"), "version 1\n");
        File.WriteAllText(Path.Combine(site.Path, "static", "v2.txt"), "version 2\n");
        Retarget(site, "current.txt", "v1.txt");
        string[] cache = cachePaths ? ["--static-cache-paths", "300"] : [];
        await using var gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", "--ini", site.Ini, .. cache], site.Path);
        var endPoint = gantry.Addresses[0].ToEndPoint();
        Assert.Equal("version 1\n", await GetAsync(endPoint, "/static/current.txt"));

        Retarget(site, "current.txt", "v2.txt");
        var retargeted = await GetAsync(endPoint, "/static/current.txt");
        File.WriteAllText(Path.Combine(site.Path, "static", "v1.txt"), "version 1, rewritten\n");
        var rewritten = await GetAsync(endPoint, "/static/current.txt");

        Assert.Equal(cachePaths ? "version 1\n" : "version 2\n", retargeted);
        Assert.Equal(cachePaths ? "version 1, rewritten\n" : "version 2\n", rewritten);
    }
}
