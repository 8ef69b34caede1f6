using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>The static-file rows as a Django/Flask uWSGI ini writes them.</summary>
public sealed class StaticFilesBindingTests
{
    [Fact]
    public void Load_StaticRows_BoundInOrder()
    {
        var options = Config.Options("--http", ":9090", "--module", "app",
            "--static-map", "/static=/srv/app/static", "--static-map", "/media=/srv/media", "--static-map2", "/img=/srv",
            "--check-static", "/srv/public", "--static-check", "/srv/public2", "--static-index", "index.html",
            "--static-skip-ext", ".py", "--static-safe", "/usr/share/doc", "--mime-file", "/etc/my.types", "--honour-range");
        var files = options.StaticFiles;
        Assert.True(files.IsConfigured);
        Assert.Equal([new("/static", "/srv/app/static"), new("/media", "/srv/media")], files.Maps);
        Assert.Equal([new("/img", "/srv")], files.Maps2);
        Assert.Equal(["/srv/public", "/srv/public2"], files.CheckStatic);
        Assert.Equal(["index.html"], files.IndexFiles);
        Assert.Equal([".py"], files.SkipExtensions);
        Assert.Equal(["/usr/share/doc"], files.SafePaths);
        Assert.Equal(["/etc/my.types"], files.MimeFiles);
        Assert.True(files.HonourRange);
    }

    [Fact]
    public void Load_StaticExpires_RegexSpaceSecondsAndTypeEqualsSeconds()
    {
        var options = Config.Options("--http", ":9090", "--module", "app",
            "--static-expires", "/* 7776000", "--static-expires-uri-mtime", @"\.js$ 60", "--static-expires-type", "text/css=3600");
        Assert.Equal(
            [new("static-expires", "/*", 7776000), new("static-expires-uri-mtime", @"\.js$", 60), new("static-expires-type", "text/css", 3600)],
            options.StaticFiles.Expires);
    }

    [Fact]
    public void Load_StaticGzipRows_BoundWithAliases()
    {
        var options = Config.Options("--http", ":9090", "--module", "app", "--static-map", "/static=/srv/static",
            "--static-gzip", @"\.js$", "--static-gzip-all", "--static-gzip-dir", "/srv/static/css/", "--static-gzip-prefix", "/srv/x",
            "--static-gzip-ext", ".css", "--static-gzip-suffix", ".svg");
        var files = options.StaticFiles;
        Assert.True(files.GzipAll);
        Assert.Equal([@"\.js$"], files.GzipPatterns);
        Assert.Equal(["/srv/static/css/", "/srv/x"], files.GzipPrefixes);
        Assert.Equal([".css", ".svg"], files.GzipSuffixes);
    }

    [Theory]
    [InlineData("--static-gzip", "([", "does not compile")]
    [InlineData("--static-expires", "nospace", "REGEXP SECONDS")]
    [InlineData("--static-expires", "([ 60", "does not compile")]
    [InlineData("--static-expires-type", "text/css", "KEY=VALUE")]
    [InlineData("--static-map", "/static=", "names no directory")]
    [InlineData("--file-serve-mode", "lighttpd", "x-sendfile (Apache, lighttpd) or x-accel-redirect")]
    public void Load_BadStaticSetting_ErrorSaysHowToFix(string option, string value, string message)
    {
        var result = Config.Load("--http", ":9090", "--module", "app", option, value);
        Assert.Null(result.Options);
        Assert.Contains(message, Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-accel-redirect", StaticServeMode.XAccelRedirect)]
    [InlineData("nginx", StaticServeMode.XAccelRedirect)]
    [InlineData("XAccelRedirect", StaticServeMode.XAccelRedirect)]
    [InlineData("x-sendfile", StaticServeMode.XSendfile)]
    [InlineData("xsendfile", StaticServeMode.XSendfile)]
    public void Load_FileServeMode_uWsgiSpellings(string value, StaticServeMode expected)
    {
        var options = Config.Options("--http", ":9090", "--module", "app", "--static-map", "/static=/srv/static", "--fileserve-mode", value);
        Assert.Equal(expected, options.StaticFiles.FileServeMode);
    }

    [Fact]
    public void Load_NoStaticRows_NothingConfiguredAndDefaultsEqual()
    {
        var options = Config.Options("--http", ":9090", "--module", "app");
        Assert.False(options.StaticFiles.IsConfigured);
        Assert.Equal(new StaticFilesOptions(), options.StaticFiles);
    }

    [Fact]
    public void Load_DisableSendfileAndStaticCachePaths_IgnoredWithNotice()
    {
        var result = Config.Load("--http", ":9090", "--module", "app", "--disable-sendfile", "--static-cache-paths", "30");
        Assert.NotNull(result.Options);
    }
}
