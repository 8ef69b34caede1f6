using System.Globalization;
using System.Net;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.PhpTestSupport;

namespace Gantry.FunctionalTests.Php;

/// <summary>
/// The test PHP application in a scratch folder under /tmp, a php-fpm for it (loopback port or unix socket), and the
/// gantry serving it as the seed's nginx site with a front controller. Disposing stops both.
/// </summary>
internal sealed class PhpSite : IAsyncDisposable
{
    private readonly TemporaryDirectory _folder;

    private PhpSite(TemporaryDirectory folder, PhpFpmProcess fpm, GantryProcess gantry)
    {
        _folder = folder;
        Fpm = fpm;
        Gantry = gantry;
    }

    public PhpFpmProcess Fpm { get; }

    public GantryProcess Gantry { get; }

    public string Root => _folder.Combine("html");

    public EndPoint Http => Gantry.Addresses[0].ToEndPoint();

    public string Logs => $"--- gantry\n{Gantry.Output}\n--- php-fpm\n{Fpm.Log}";

    /// <summary>Starts php-fpm and gantry for a fresh copy of the application.</summary>
    public static async Task<PhpSite> StartAsync(string name, bool unixSocket = false, int children = 2, params string[] extra)
    {
        var folder = RepoPaths.CreateTemporaryDirectory(name);
        PhpFpmProcess? fpm = null;
        try
        {
            PhpTestApp.Write(folder.Combine("html"));
            fpm = new PhpFpmProcess(folder.Combine(), unixSocket, children, unixSocket ? 0 : FreePort.Allocate());
            var gantry = await GantryProcess.StartReadyAsync(
                ["--http-socket", "127.0.0.1:0", "--php-docroot", folder.Combine("html"), "--php-fpm", fpm.Address,
                 "--php-index", "index.html", "--php-index", "index.php", "--php-try-files", PhpTestApp.FrontControllerTryFiles,
                 "--php-no-exec", "/uploads/", .. extra],
                folder.Path);
            return new PhpSite(folder, fpm, gantry);
        }
        catch
        {
            fpm?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>One request on its own connection (HTTP/1.0, Host: php.test), the target sent exactly as written.</summary>
    public async Task<HttpProbeResponse> SendAsync(string method, string target, string headers = "", byte[]? body = null)
    {
        await using var probe = await HttpProbe.ConnectAsync(Http);
        var head = new StringBuilder($"{method} {target} HTTP/1.0\r\nHost: php.test\r\n").Append(headers);
        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }
        await probe.SendAsync(head.Append("\r\n").ToString());
        if (body is not null)
        {
            await probe.SendAsync(body);
        }
        return await probe.ReadResponseAsync(method);
    }

    public Task<HttpProbeResponse> GetAsync(string target, string headers = "") => SendAsync("GET", target, headers);

    public async ValueTask DisposeAsync()
    {
        await Gantry.DisposeAsync();
        Fpm.Dispose();
        _folder.Dispose();
    }
}
