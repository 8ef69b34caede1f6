using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Processes;

public sealed class WaitStatusTests
{
    [Theory]
    [InlineData(0x0000, true, 0, false, 0)]
    [InlineData(0x1100, true, 17, false, 0)]
    [InlineData(0x1600, true, 22, false, 0)]
    [InlineData(0x0009, false, 0, true, 9)]
    [InlineData(0x008b, false, 0, true, 11)] // SIGSEGV with core dump bit
    public void Decode_RawStatus_GivesExitOrSignal(int raw, bool exited, int code, bool signaled, int signal)
    {
        var status = new WaitStatus(raw);

        Assert.Equal(exited, status.Exited);
        Assert.Equal(signaled, status.Signaled);
        if (exited)
        {
            Assert.Equal(code, status.ExitCode);
            Assert.Equal(code, status.ShellCode);
        }
        else
        {
            Assert.Equal(signal, status.Signal);
            Assert.Equal(128 + signal, status.ShellCode);
        }
    }

    [Fact]
    public void Factories_RoundTrip()
    {
        Assert.Equal("exit code 22", WaitStatus.FromExitCode(22).ToString());
        Assert.Equal("signal 9", WaitStatus.FromSignal(9).ToString());
    }
}
