namespace Gantry.Protocols.Tests.Http;

/// <summary>
/// Replays every corpus case whole, byte by byte and in seeded random pieces; each delivery must give the
/// outcome written in the case's expectation file.
/// </summary>
public sealed class HttpCorpusTests
{
    private const int RandomSeedCount = 4;
    private const int MaxRandomPiece = 97;

    public static TheoryData<string> ValidCases() => [.. CorpusCase.Names("valid")];

    public static TheoryData<string> InvalidCases() => [.. CorpusCase.Names("invalid")];

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Corpus_ValidRequest_ParsesAlikeInEveryDelivery(string name) => ReplayAllWays(name, expectRejection: false);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Corpus_InvalidRequest_IsRejectedAlikeInEveryDelivery(string name) => ReplayAllWays(name, expectRejection: true);

    [Fact]
    public void Corpus_Size_MeetsTheMinimum()
    {
        Assert.True(CorpusCase.Names("valid").Count() >= 60, "at least 60 valid cases");
        Assert.True(CorpusCase.Names("invalid").Count() >= 70, "at least 70 invalid cases");
    }

    private static void ReplayAllWays(string name, bool expectRejection)
    {
        var corpusCase = CorpusCase.Load(name);
        Assert.Equal(expectRejection, corpusCase.Expected.Contains("reject: ", StringComparison.Ordinal));

        string whole = CorpusReplayer.Replay(corpusCase.Input, [corpusCase.Input.Length], corpusCase.MaxHeadLengths);
        Assert.Equal(corpusCase.Expected, whole);

        string byteByByte = CorpusReplayer.Replay(corpusCase.Input, Enumerable.Repeat(1, corpusCase.Input.Length), corpusCase.MaxHeadLengths);
        Assert.Equal(corpusCase.Expected, byteByByte);

        for (int seed = 1; seed <= RandomSeedCount; seed++)
        {
            var random = new Random(seed);
            var pieces = Enumerable.Range(0, corpusCase.Input.Length).Select(_ => random.Next(1, MaxRandomPiece + 1));
            string chunked = CorpusReplayer.Replay(corpusCase.Input, pieces, corpusCase.MaxHeadLengths);
            Assert.True(corpusCase.Expected == chunked, $"seed {seed}: expected\n{corpusCase.Expected}\nactual\n{chunked}");
        }
    }
}
