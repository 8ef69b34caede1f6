using Gantry.Protocols.Tests.Uwsgi;

namespace Gantry.Protocols.Tests.FastCgi;

public class FastCgiRequestReaderCorpusTests
{
    public static TheoryData<string, string> CasesAndPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in FastCgiCorpus.Cases.Keys)
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
    public void Read_CorpusReplayedInChunks_SameEventsAsExpected(string name, string plan)
    {
        var corpusCase = FastCgiCorpus.Cases[name];

        var events = FastCgiReplay.Run(corpusCase, plan);

        Assert.Equal(corpusCase.Expected, events);
    }
}
