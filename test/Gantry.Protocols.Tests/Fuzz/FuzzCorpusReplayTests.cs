using Gantry.Fuzz;

namespace Gantry.Protocols.Tests.Fuzz;

/// <summary>
/// Every seed and every kept crash of the protocol parsers' fuzz targets (fuzz/corpus/TARGET, fuzz/crashes/TARGET),
/// replayed through the harness code afl-fuzz runs (fuzz/Gantry.Fuzz, uninstrumented here): a crash found once stays
/// a test. Gantry.Configuration.Tests replays the config-* targets.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static readonly string Repository = FuzzCorpus.FindRepository(AppContext.BaseDirectory);

    public static IEnumerable<object[]> Inputs() => FuzzCorpus.Rows(Repository, target => !target.StartsWith("config-", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replay_CorpusOrCrashInput_NoCrash(string target, string file)
    {
        var failure = FuzzCorpus.Replay(Repository, target, file);
        Assert.True(failure is null, $"{file}: {failure}");
    }

    [Fact]
    public void Targets_ProtocolParsers_EachHasSeeds()
    {
        var targets = Inputs().Select(row => (string)row[0]).Distinct().ToList();
        Assert.Equal(["http-head", "http-chunked", "uwsgi", "fastcgi-records", "fastcgi-params", "cgi-response", "websocket-frames", "websocket-utf8"], targets);
    }
}
