using Gantry.Master.Processes;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Server.Listeners;

namespace Gantry.Master.Tests.Processes;

[Collection(nameof(MasterReexecTests))]
public sealed class MasterReexecTests
{
    [Fact]
    public void AdoptInherited_SameSockets_AdoptsTheListeningSocketAtItsPort()
    {
        using var bound = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Http, out _)!, 16);
        var fd = MasterChannels.DuplicateHigh(bound.Fd, 30);
        Environment.SetEnvironmentVariable(MasterReexec.InheritedVariable, $"{fd} Http 127.0.0.1:0\n");
        var log = new CapturingLogger();

        var adopted = MasterReexec.AdoptInherited([("Http", "127.0.0.1:0")], log);

        Assert.NotNull(adopted);
        using var listener = Assert.Single(adopted);
        Assert.Equal(fd, listener.Fd);
        Assert.Equal(bound.BoundEndpoint, listener.BoundEndpoint);
        Assert.Null(Environment.GetEnvironmentVariable(MasterReexec.InheritedVariable));
        Assert.True(log.Contains("gracefully (RE)spawned gantry master process"));
    }

    [Fact]
    public void AdoptInherited_ConfigurationChanged_ClosesTheInheritedSocketsAndBindsAnew()
    {
        using var bound = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Http, out _)!, 16);
        var fd = MasterChannels.DuplicateHigh(bound.Fd, 30);
        Environment.SetEnvironmentVariable(MasterReexec.InheritedVariable, $"{fd} Http 127.0.0.1:0\n");

        var adopted = MasterReexec.AdoptInherited([("Http", "127.0.0.1:8080")], new CapturingLogger());

        Assert.Null(adopted);
        Assert.Null(Environment.GetEnvironmentVariable(MasterReexec.InheritedVariable));
    }

    [Fact]
    public void AdoptInherited_NothingInherited_ReturnsNull()
    {
        Environment.SetEnvironmentVariable(MasterReexec.InheritedVariable, null);

        Assert.Null(MasterReexec.AdoptInherited([("Http", ":80")], new CapturingLogger()));
    }
}
