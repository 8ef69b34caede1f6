using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Php;

/// <summary>
/// The seed's site semantics on a real tree with php-fpm behind: index order, the slash redirect, try_files, and every
/// way out of the root or into an unintended script refused before php-fpm sees it (the cgi.fix_pathinfo hole).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PhpSiteSemanticsTests : IAsyncLifetime
{
    private PhpSite _site = null!;

    public async Task InitializeAsync() => _site = await PhpSite.StartAsync("phpsemantics", unixSocket: true);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("/", 200, "home")]
    [InlineData("/both/", 200, "html index\n")]
    [InlineData("/onlyphp/", 200, "only php index")]
    [InlineData("/docs/", 200, "<h1>docs</h1>\n")]
    [InlineData("/docs/guide.html", 200, "<h1>guide</h1>\n")]
    [InlineData("/hello.php", 200, "hello php /hello.php pi=\n")]
    [InlineData("/missing.php", 404, null)]
    [InlineData("/uploads/avatar.jpg/x.php", 403, null)]
    [InlineData("/uploads/avatar.jpg/.php", 404, null)]
    [InlineData("/robots.txt/x.php", 404, null)]
    [InlineData("/dir.php", 404, null)]
    [InlineData("/dir.php/inner.txt", 404, null)]
    [InlineData("/uploads/shell.php", 403, null)]
    [InlineData("/empty/", 403, null)]
    [InlineData("/../etc/passwd", 400, null)]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd", 400, null)]
    [InlineData("/docs/..%2f..%2f..%2fetc/passwd", 400, null)]
    [InlineData("/hello.php%00.txt", 400, null)]
    public async Task Request_AsTheSeedsSite_StatusAndBody(string target, int status, string? body)
    {
        var response = await _site.GetAsync(target);

        Assert.True(response.StatusCode == status, $"{target}: {response}\n{_site.Logs}");
        if (body is not null)
        {
            Assert.Equal(body, response.BodyText);
        }
    }

    [Theory]
    [InlineData("/docs", "/docs/")]
    [InlineData("/docs?a=1", "/docs/?a=1")]
    public async Task Directory_WithoutSlash_301(string target, string location)
    {
        var response = await _site.GetAsync(target);

        Assert.Equal(301, response.StatusCode);
        Assert.Equal(location, response.Header("Location"));
    }

    [Fact]
    public async Task SymlinkOutOfRoot_ScriptAndFile_403AndLogged()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_site.Root)!, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.php"), "<?php echo 'outside';");
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_site.Root, "link.php"), Path.Combine(outside, "secret.php"));
        File.CreateSymbolicLink(Path.Combine(_site.Root, "link.txt"), Path.Combine(outside, "secret.txt"));

        var script = await _site.GetAsync("/link.php");
        var file = await _site.GetAsync("/link.txt");

        Assert.Equal(403, script.StatusCode);
        Assert.Equal(403, file.StatusCode);
        await _site.Gantry.WaitForOutputAsync("security error", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task PostToStaticFile_405()
    {
        var response = await _site.SendAsync("POST", "/style.css", "", "x=1"u8.ToArray());

        Assert.Equal(405, response.StatusCode);
    }

    [Fact]
    public async Task UploadedScript_NeverReachesPhpFpm()
    {
        // Whatever php-fpm would answer, the refused paths never got there: its access is the stderr-free log.
        await _site.GetAsync("/uploads/shell.php");
        await _site.GetAsync("/uploads/avatar.jpg/x.php");

        Assert.DoesNotContain("executed upload", _site.Gantry.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("php-fpm", _site.Gantry.Output.Replace("--php-fpm", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
