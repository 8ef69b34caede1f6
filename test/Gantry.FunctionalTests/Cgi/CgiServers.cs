using System.Net;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Mount;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// One <see cref="CgiSite"/> served by gantry and by Debian's uWSGI 2.0.21 (<c>--plugin cgi
/// --http-socket-modifier1 9</c>) with the same options, side by side; both stopped on dispose.
/// </summary>
internal sealed class CgiServers : IAsyncDisposable
{
    private CgiServers(CgiSite site, GantryProcess gantry, UwsgiReference uwsgi)
    {
        Site = site;
        Gantry = gantry;
        Uwsgi = uwsgi;
    }

    public CgiSite Site { get; }

    public GantryProcess Gantry { get; }

    public UwsgiReference Uwsgi { get; }

    public EndPoint GantryEndPoint => Gantry.Addresses[0].ToEndPoint();

    public int GantryPort => Gantry.Addresses[0].Port;

    /// <summary>Both servers' output, for failure messages.</summary>
    public string Logs => $"--- gantry\n{Gantry.Output}\n--- uWSGI\n{Uwsgi.Output}";

    /// <summary>Writes a site and starts both servers on it with the site's options and <paramref name="extra"/>.</summary>
    public static Task<CgiServers> StartAsync(string name, params string[] extra) => StartAsync(name, site => [.. site.Options, .. extra]);

    /// <summary>Writes a site and starts both servers on it with the options <paramref name="options"/> makes for it.</summary>
    public static async Task<CgiServers> StartAsync(string name, Func<CgiSite, string[]> options)
    {
        var site = new CgiSite(name);
        GantryProcess? gantry = null;
        try
        {
            var arguments = options(site);
            gantry = await GantryProcess.StartReadyAsync(["--http-socket", "127.0.0.1:0", .. arguments], site.Path);
            var uwsgi = await UwsgiReference.StartAsync(site.Path, "http-socket", ["--http-socket-modifier1", "9", .. arguments], plugin: "cgi");
            return new CgiServers(site, gantry, uwsgi);
        }
        catch
        {
            if (gantry is not null)
            {
                await gantry.DisposeAsync();
            }
            site.Dispose();
            throw;
        }
    }

    /// <summary>The same request to both servers: (uWSGI's answer, gantry's answer).</summary>
    public async Task<(CgiAnswer Uwsgi, CgiAnswer Gantry)> AskBothAsync(string method, string target, string headers = "", byte[]? body = null) =>
        (await CgiClient.AskAsync(Uwsgi.EndPoint, method, target, headers, body),
         await CgiClient.AskAsync(GantryEndPoint, method, target, headers, body));

    public async ValueTask DisposeAsync()
    {
        await Uwsgi.DisposeAsync();
        await Gantry.DisposeAsync();
        Site.Dispose();
    }
}
