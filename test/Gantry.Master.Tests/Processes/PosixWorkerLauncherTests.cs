using Gantry.Master.Processes;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Server.Listeners;

namespace Gantry.Master.Tests.Processes;

public sealed unsafe class PosixWorkerLauncherTests
{
    [Fact]
    public void Spawn_RealProcess_GetsFixedDescriptorsEnvironmentAndStartDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("gantry-spawn-");
        try
        {
            using var listener = Listener.Bind(ListenAddress.TryParse("127.0.0.1:0", ListenerProtocol.Http, out _)!, 16);
            using var channels = MasterChannels.Create(workers: 1, cores: 1, listenerCount: 1);
            var listenerFd = MasterChannels.DuplicateHigh(listener.Fd, 20);
            var output = Path.Combine(directory.FullName, "out");
            const string Script = "{ echo \"$GANTRY_WORKER\"; echo \"$GANTRY_LISTENERS\" | head -1; pwd; "
                + "for fd in 3 4 5 6; do readlink /proc/$$/fd/$fd >/dev/null && echo open$fd; done; readlink /proc/$$/fd/6; } > out";
            var launcher = new PosixWorkerLauncher("/bin/sh", ["-c", Script], directory.FullName, channels, [listenerFd],
                WorkerHandoff.FormatListeners([("Http", "127.0.0.1:0")]));

            var pid = launcher.Spawn(workerId: 2, record: 1);
            int status;
            Assert.Equal(pid, LibC.waitpid(pid, &status, 0));
            LibC.close(listenerFd);

            var lines = File.ReadAllLines(output);
            Assert.Equal(0, new WaitStatus(status).ShellCode);
            Assert.Equal("2 1", lines[0]);
            Assert.Equal("6 Http 127.0.0.1:0", lines[1]);
            Assert.Equal(directory.FullName, lines[2]);
            Assert.Equal(["open3", "open4", "open5", "open6"], lines[3..7]);
            Assert.StartsWith("socket:[", lines[7], StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Spawn_MissingExecutable_Throws()
    {
        using var channels = MasterChannels.Create(workers: 1, cores: 1, listenerCount: 0);
        var launcher = new PosixWorkerLauncher("/nonexistent/gantry", [], "/", channels, [], "");

        Assert.Throws<InvalidOperationException>(() => launcher.Spawn(1, 0));
    }
}
