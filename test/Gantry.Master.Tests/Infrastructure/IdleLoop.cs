using Gantry.Application;
using Gantry.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Master.Tests.Infrastructure;

/// <summary>A real loop that never runs: the services a host is attached with, for tests that call the host directly.</summary>
internal sealed class IdleLoop : IDisposable
{
    private readonly LoopServer _server = new(new ServerOptions(), [], NullLoggerFactory.Instance, TimeProvider.System);

    public ILoopServices Services => _server.Loop;

    public void Dispose() => _server.Dispose();
}
