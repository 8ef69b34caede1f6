using Gantry.Protocols.Uwsgi;

namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>One corpus entry: raw bytes as a socket would deliver them, the limits, and the one expected outcome.</summary>
internal sealed record UwsgiCorpusCase(byte[] Input, string Expected, UwsgiPacketLimits Limits)
{
    public UwsgiCorpusCase(byte[] input, string expected)
        : this(input, expected, UwsgiPacketLimits.Default)
    {
    }
}
