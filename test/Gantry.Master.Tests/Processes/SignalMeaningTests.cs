using System.Runtime.InteropServices;
using Gantry.Master.Control;
using Gantry.Master.Supervision;

namespace Gantry.Master.Tests.Processes;

public sealed class SignalMeaningTests
{
    [Theory]
    [InlineData(PosixSignal.SIGHUP, false, MasterCommandKind.GracefulReload)]
    [InlineData(PosixSignal.SIGTERM, false, MasterCommandKind.BrutalReload)]
    [InlineData(PosixSignal.SIGINT, false, MasterCommandKind.BrutalShutdown)]
    [InlineData(PosixSignal.SIGQUIT, false, MasterCommandKind.BrutalShutdown)]
    [InlineData(PosixSignal.SIGTERM, true, MasterCommandKind.GracefulShutdown)]
    [InlineData(PosixSignal.SIGQUIT, true, MasterCommandKind.BrutalReload)]
    [InlineData(PosixSignal.SIGHUP, true, MasterCommandKind.GracefulReload)]
    public void Signal_WithOrWithoutDieOnTerm_HasUwsgiMeaningButDieOnTermDrains(PosixSignal signal, bool dieOnTerm, MasterCommandKind expected)
    {
        Assert.Equal(expected, MasterSignals.Meaning(signal, dieOnTerm));
    }

    [Theory]
    [InlineData('r', MasterCommandKind.GracefulReload)]
    [InlineData('R', MasterCommandKind.BrutalReload)]
    [InlineData('c', MasterCommandKind.ChainReload)]
    [InlineData('w', MasterCommandKind.GracefulWorkersReload)]
    [InlineData('W', MasterCommandKind.BrutalWorkersReload)]
    [InlineData('q', MasterCommandKind.GracefulShutdown)]
    [InlineData('Q', MasterCommandKind.BrutalShutdown)]
    [InlineData('s', MasterCommandKind.LogStats)]
    public void FifoByte_HasUwsgiMeaning(char command, MasterCommandKind expected)
    {
        Assert.Equal(expected, MasterFifo.Meaning((byte)command));
    }

    [Fact]
    public void FifoByte_Unsupported_HasNoMeaning()
    {
        Assert.Null(MasterFifo.Meaning((byte)'E'));
        Assert.Null(MasterFifo.Meaning((byte)'\n'));
    }
}
