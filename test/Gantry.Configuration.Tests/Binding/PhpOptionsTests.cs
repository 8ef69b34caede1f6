using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>
/// The php rows: uWSGI's php plugin names and the Gantry-only ones bind into <see cref="PhpOptions"/> with nginx's
/// defaults, a PHP-only site does not start Python, and every mistake is reported at once with its fix.
/// </summary>
public sealed class PhpOptionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _root;

    public PhpOptionsTests()
    {
        _root = Path.GetDirectoryName(_directory.Write("html/index.php", "<?php"))!;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_DocrootAndFpm_NginxDefaultsAndPythonNotStarted()
    {
        var options = Config.Options("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000");

        Assert.True(options.Php.IsConfigured);
        Assert.False(options.StartsPython);
        Assert.Equal(_root, options.Php.DocumentRoot);
        Assert.Equal(["127.0.0.1:9000"], options.Php.FpmAddresses);
        Assert.Equal(["index.php"], options.Php.IndexFiles);
        Assert.Equal([".php"], options.Php.AllowedExtensions);
        Assert.Equal("$uri $uri/ =404", options.Php.TryFiles);
        Assert.Equal(@"^(.+?\.php)(/.*)$", options.Php.SplitPathInfo);
        Assert.Equal(@"[^/]\.php(/|$)", options.Php.Location);
        Assert.Equal(8, options.Php.KeepAlive);
        Assert.Equal(60, options.Php.ConnectTimeout);
        Assert.Equal(60, options.Php.ReadTimeout);
    }

    [Fact]
    public void Load_EveryPhpOption_Bound()
    {
        var options = Config.Options("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000", "--php-fpm", "/run/php/fpm.sock",
            "--php-index", "index.html", "--php-index", "index.php", "--php-allowed-ext", ".php", "--php-allowed-ext", ".phtml",
            "--php-try-files", "$uri $uri/ /index.php?$query_string", "--php-no-exec", "/uploads/", "--php-set", "memory_limit=64M",
            "--php-var", "APP_ENV=test", "--php-server-software", "nginx/1.22.1", "--php-fpm-keepalive", "0",
            "--php-fpm-connect-timeout", "5", "--php-fpm-read-timeout", "7", "--php-fpm-max-conns", "3");

        Assert.Equal(["127.0.0.1:9000", "/run/php/fpm.sock"], options.Php.FpmAddresses);
        Assert.Equal(["index.html", "index.php"], options.Php.IndexFiles);
        Assert.Equal([".php", ".phtml"], options.Php.AllowedExtensions);
        Assert.Equal("$uri $uri/ /index.php?$query_string", options.Php.TryFiles);
        Assert.Equal(["/uploads/"], options.Php.NoExecutePrefixes);
        Assert.Equal(["memory_limit=64M"], options.Php.IniSettings);
        Assert.Equal(["APP_ENV=test"], options.Php.Variables);
        Assert.Equal("nginx/1.22.1", options.Php.ServerSoftware);
        Assert.Equal((0, 5, 7, 3), (options.Php.KeepAlive, options.Php.ConnectTimeout, options.Php.ReadTimeout, options.Php.MaxConnections));
    }

    [Theory]
    [InlineData("/index.php", "/index.php")]
    [InlineData("ROOT/app/front.php", "/app/front.php")]
    public void Load_Fallback_TryFilesWithTheScriptsUri(string fallback, string uri)
    {
        var options = Config.Options("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000",
            "--php-fallback", fallback.Replace("ROOT", _root, StringComparison.Ordinal));

        Assert.Equal($"$uri $uri/ {uri}?$query_string", options.Php.TryFiles);
    }

    [Fact]
    public void Load_PythonApplicationBeside_PythonStarts()
    {
        var options = Config.Options("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000",
            "--php-try-files", "$uri @app", "--wsgi-file", "app.py");

        Assert.True(options.StartsPython);
    }

    [Theory]
    [InlineData("php-fpm", "nonsense", "php-fpm = 127.0.0.1:9000")]
    [InlineData("php-try-files", "$uri", "needs at least one file to try and a last resort")]
    [InlineData("php-try-files", "$uri $uri/ index.php", "must be =CODE, a URI starting with '/' or @app")]
    [InlineData("php-try-files", "$args $uri/ =404", "only $uri and $uri/ may come before the last item")]
    [InlineData("php-split-path-info", @"^.+\.php$", "needs two groups")]
    [InlineData("php-split-path-info", "(", "the regular expression does not compile")]
    [InlineData("php-location", "[", "the regular expression does not compile")]
    [InlineData("php-set", "memory_limit", "must be NAME=VALUE")]
    [InlineData("php-var", "=x", "must be NAME=VALUE")]
    [InlineData("php-no-exec", "uploads", "write php-no-exec = /uploads")]
    [InlineData("php-index", "sub/index.php", "must be a file name in the directory")]
    [InlineData("php-fpm-keepalive", "-1", "must be at least 0")]
    public void Load_BadPhpSetting_OneErrorNamingKeyAndFix(string option, string value, string message)
    {
        var result = Config.Load("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000", "--" + option, value);

        Assert.Null(result.Options);
        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(option, error.Option);
    }

    [Fact]
    public void Load_DocrootWithoutFpm_And_FpmWithoutDocroot_Errors()
    {
        var noFpm = Config.Load("--http", ":9090", "--php-docroot", _root);
        var noRoot = Config.Load("--http", ":9090", "--php-fpm", "127.0.0.1:9000");
        var missingRoot = Config.Load("--http", ":9090", "--php-docroot", "/nonexistent/html", "--php-fpm", "127.0.0.1:9000");

        Assert.Contains("no php-fpm to run scripts", Config.ErrorText(noFpm), StringComparison.Ordinal);
        Assert.Contains("no php-docroot", Config.ErrorText(noRoot), StringComparison.Ordinal);
        Assert.Contains("no such directory: /nonexistent/html", Config.ErrorText(missingRoot), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("php-ini", "/etc/php/8.2/fpm/php.ini")]
    [InlineData("php-exec-before", "echo 1;")]
    public void Load_EmbeddedInterpreterOption_RefusedWithTheWay(string option, string value)
    {
        var result = Config.Load("--http", ":9090", "--php-docroot", _root, "--php-fpm", "127.0.0.1:9000", "--" + option, value);

        Assert.Null(result.Options);
        Assert.Contains("php-set", Config.ErrorText(result), StringComparison.Ordinal);
    }
}
