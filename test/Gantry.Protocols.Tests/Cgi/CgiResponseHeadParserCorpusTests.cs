using Gantry.Protocols.Tests.Uwsgi;

namespace Gantry.Protocols.Tests.Cgi;

/// <summary>
/// Replays every corpus case whole, byte by byte and in seeded random chunks; each delivery must give the outcome
/// written in the case's expectation file.
/// </summary>
public sealed class CgiResponseHeadParserCorpusTests
{
    public static TheoryData<string, string> CasesAndPlans()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in CgiCorpusCase.Names("valid").Concat(CgiCorpusCase.Names("invalid")))
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
    public void TryParse_CorpusReplayedInChunks_SameOutcomeAsExpected(string name, string plan)
    {
        var corpusCase = CgiCorpusCase.Load(name);

        var outcome = CgiReplay.Run(corpusCase, plan);

        Assert.Equal(corpusCase.Expected, outcome);
    }

    [Fact]
    public void Corpus_EachFolder_HoldsOnlyItsKindOfCase()
    {
        Assert.All(CgiCorpusCase.Names("valid"), name => Assert.DoesNotContain("reject: ", CgiCorpusCase.Load(name).Expected, StringComparison.Ordinal));
        Assert.All(CgiCorpusCase.Names("invalid"), name => Assert.Contains("reject: ", CgiCorpusCase.Load(name).Expected, StringComparison.Ordinal));
        Assert.True(CgiCorpusCase.Names("valid").Count() >= 40, "at least 40 valid cases");
        Assert.True(CgiCorpusCase.Names("invalid").Count() >= 40, "at least 40 invalid cases");
    }
}
