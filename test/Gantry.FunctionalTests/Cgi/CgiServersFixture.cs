namespace Gantry.FunctionalTests.Cgi;

/// <summary>The <see cref="CgiServers"/> of a test class (with the site's options only), started once for all its tests.</summary>
public sealed class CgiServersFixture : IAsyncLifetime
{
    private CgiServers? _servers;

    internal CgiServers Servers => _servers ?? throw new InvalidOperationException("the servers did not start");

    public async Task InitializeAsync() => _servers = await CgiServers.StartAsync("cgiparity");

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}
