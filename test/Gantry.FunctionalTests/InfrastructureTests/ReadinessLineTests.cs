using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.InfrastructureTests;

public sealed class ReadinessLineTests
{
    [Fact]
    public void TryParse_LineOfTheSpecification_ReadsPidAndEveryAddress()
    {
        const string line =
            "gantry ready (pid 1234): http://127.0.0.1:41234 http://[::1]:41235 uwsgi://unix:/tmp/x/app.sock fastcgi://127.0.0.1:9000";

        Assert.True(ReadinessLine.TryParse(line, out var readiness));

        Assert.Equal(1234, readiness.Pid);
        Assert.Equal(
            [
                new GantryAddress("http", "127.0.0.1", 41234, null),
                new GantryAddress("http", "::1", 41235, null),
                new GantryAddress("uwsgi", null, 0, "/tmp/x/app.sock"),
                new GantryAddress("fastcgi", "127.0.0.1", 9000, null),
            ],
            readiness.Addresses);
    }

    [Fact]
    public void TryParse_LogPrefixBeforeTheLine_StillParses()
    {
        Assert.True(ReadinessLine.TryParse("[2026-11-25 13:00:01] INFO gantry ready (pid 7): http://0.0.0.0:9090", out var readiness));

        Assert.Equal(7, readiness.Pid);
        Assert.Equal("127.0.0.1", Assert.Single(readiness.Addresses).ConnectHost);
    }

    [Theory]
    [InlineData("gantry starting (pid 12)")]
    [InlineData("gantry ready")]
    [InlineData("gantry ready (pid x): http://127.0.0.1:1")]
    [InlineData("gantry ready (pid 12) http://127.0.0.1:1")]
    [InlineData("")]
    public void TryParse_OtherLine_ReturnsFalse(string line)
    {
        Assert.False(ReadinessLine.TryParse(line, out var readiness));
        Assert.Null(readiness);
    }

    [Theory]
    [InlineData("gantry ready (pid 5): http://127.0.0.1")]
    [InlineData("gantry ready (pid 5): http://127.0.0.1:80 127.0.0.1:81")]
    [InlineData("gantry ready (pid 5):  ")]
    public void TryParse_ReadinessLineWithBadAddress_ThrowsFormatException(string line)
    {
        Assert.True(ReadinessLine.IsMatch(line));

        Assert.Throws<FormatException>(() => ReadinessLine.TryParse(line, out _));
    }
}
