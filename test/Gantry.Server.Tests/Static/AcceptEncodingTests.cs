using System.Text;
using Gantry.Server.Static;

namespace Gantry.Server.Tests.Static;

public sealed class AcceptEncodingTests
{
    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZip", true)]
    [InlineData("x-gzip", true)]
    [InlineData("deflate, gzip;q=0.5, br", true)]
    [InlineData("gzip ; q=1.0", true)]
    [InlineData("*", true)]
    [InlineData("br;q=1, *;q=0.1", true)]
    [InlineData("gzip;q=0.001", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip;q=0.000", false)]
    [InlineData("gzip;q=0, *", false)]
    [InlineData("*;q=0", false)]
    [InlineData("br, deflate", false)]
    [InlineData("identity", false)]
    [InlineData("gzipx", false)]
    [InlineData("", false)]
    public void AcceptsGzip_NamedThenStarWeightZeroRefuses(string header, bool expected) =>
        Assert.Equal(expected, AcceptEncoding.AcceptsGzip(Encoding.ASCII.GetBytes(header)));
}
