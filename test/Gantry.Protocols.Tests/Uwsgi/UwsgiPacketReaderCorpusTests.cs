using Gantry.Protocols.Uwsgi;

namespace Gantry.Protocols.Tests.Uwsgi;

public class UwsgiPacketReaderCorpusTests
{
    public static TheoryData<string, string> CasesAndPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in UwsgiCorpus.Cases.Keys)
        {
            foreach (var plan in ChunkPlan.All())
            {
                data.Add(name, plan);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndPlans))]
    public void TryReadPacket_CorpusReplayedInChunks_SameOutcomeAsExpected(string name, string plan)
    {
        var corpusCase = UwsgiCorpus.Cases[name];

        var outcome = UwsgiReplay.Run(corpusCase.Input, plan, corpusCase.Limits);

        Assert.Equal(corpusCase.Expected, outcome);
    }

    [Fact]
    public void TryReadPacket_OversizedHeaderAlone_RejectedBeforeTheBlockArrives()
    {
        var handler = new RecordingVariableHandler();

        var error = Assert.Throws<UwsgiProtocolException>(() =>
            UwsgiPacketReader.TryReadPacket(UwsgiBytes.Hex("00 88 13 00"), UwsgiPacketLimits.Default, ref handler, out _, out _));

        Assert.Equal(UwsgiRejectionReason.BlockLargerThanBufferSize, error.Reason);
        Assert.Contains("--buffer-size", error.Message, StringComparison.Ordinal);
        Assert.Contains("5000", error.Message, StringComparison.Ordinal);
    }
}
