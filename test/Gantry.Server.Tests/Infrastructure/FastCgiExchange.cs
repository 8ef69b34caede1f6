using Gantry.Protocols.FastCgi;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>The records a FastCGI server answered with, and the CGI response their STDOUT streams carry.</summary>
internal sealed record FastCgiExchange(IReadOnlyList<FastCgiTestRecord> Records)
{
    /// <summary>The STDOUT content of <paramref name="id"/>, concatenated.</summary>
    public byte[] Stdout(ushort id = 1) =>
        [.. Records.Where(r => r.Type == FastCgiRecordType.Stdout && r.RequestId == id).SelectMany(r => r.Content)];

    /// <summary>The CGI response of <paramref name="id"/>.</summary>
    public RawGatewayResponse Response(ushort id = 1) => RawGatewayResponse.Parse(Stdout(id), hasStatusLine: false);

    /// <summary>The END_REQUEST record of <paramref name="id"/>, if any.</summary>
    public FastCgiTestRecord? EndRequest(ushort id = 1) =>
        Records.FirstOrDefault(r => r.Type == FastCgiRecordType.EndRequest && r.RequestId == id);

    /// <summary>True when the STDOUT stream of <paramref name="id"/> was ended by an empty record.</summary>
    public bool StdoutEnded(ushort id = 1) =>
        Records.Any(r => r.Type == FastCgiRecordType.Stdout && r.RequestId == id && r.Content.Length == 0);
}
