using System.Net;
using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.InfrastructureTests;

public sealed class RepoPathsTests
{
    [Fact]
    public void Root_FromTheTestAssembly_HoldsTheSolutionAndTheExamples()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "Gantry.slnx")));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Examples, "start.py")));
        Assert.EndsWith("gantry", RepoPaths.Binary, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTemporaryDirectory_Always_IsUnderTmpWithMode0755AndGoneAfterDispose()
    {
        string path;
        using (var folder = RepoPaths.CreateTemporaryDirectory())
        {
            path = folder.Path;
            folder.WriteFile("sub/app.py", "application = None\n");

            Assert.StartsWith("/tmp/gantry-CreateTemporaryDirectory", path, StringComparison.Ordinal);
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(path));
            Assert.True(File.Exists(folder.Combine("sub", "app.py")));
        }

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public void FreePort_ManyAllocations_AreDistinctBindableAndBelowTheEphemeralRange()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Allocate()).ToArray();

        Assert.Equal(ports.Length, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 20000, ephemeralStart - 1));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, ports[0]));
    }
}
