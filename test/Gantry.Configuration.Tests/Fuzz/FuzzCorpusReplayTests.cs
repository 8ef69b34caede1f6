using Gantry.Fuzz;

namespace Gantry.Configuration.Tests.Fuzz;

/// <summary>
/// The configuration readers' fuzz inputs (fuzz/corpus/config-*, fuzz/crashes/config-*) replayed through the harness
/// code afl-fuzz runs, as Gantry.Protocols.Tests does for the protocol targets.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static readonly string Repository = FuzzCorpus.FindRepository(AppContext.BaseDirectory);

    public static IEnumerable<object[]> Inputs() => FuzzCorpus.Rows(Repository, target => target.StartsWith("config-", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replay_CorpusOrCrashInput_NoCrash(string target, string file)
    {
        var failure = FuzzCorpus.Replay(Repository, target, file);
        Assert.True(failure is null, $"{file}: {failure}");
    }

    [Fact]
    public void Targets_ConfigurationReaders_EachHasSeeds()
    {
        var targets = Inputs().Select(row => (string)row[0]).Distinct().ToList();
        Assert.Equal(["config-ini", "config-cli"], targets);
    }
}
