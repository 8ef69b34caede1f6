using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A <see cref="CgiSite"/> served by one gantry (HTTP at 127.0.0.1:0, and a uwsgi socket for requests as nginx
/// sends them) for all the tests of a class.
/// </summary>
public sealed class CgiGantryFixture : IAsyncLifetime
{
    private CgiSite? _site;
    private GantryProcess? _gantry;

    internal CgiSite Site => _site ?? throw new InvalidOperationException("the site was not written");

    internal GantryProcess Gantry => _gantry ?? throw new InvalidOperationException("gantry did not start");

    internal System.Net.EndPoint Http => Gantry.Addresses.First(address => address.Scheme == "http").ToEndPoint();

    internal GantryAddress Uwsgi => Gantry.Addresses.First(address => address.Scheme == "uwsgi");

    public async Task InitializeAsync()
    {
        _site = new CgiSite("cgigantry");
        _gantry = await _site.StartGantryAsync("--socket", "127.0.0.1:0");
    }

    public async Task DisposeAsync()
    {
        if (_gantry is not null)
        {
            await _gantry.DisposeAsync();
        }
        _site?.Dispose();
    }
}
