using Gantry.Protocols.FastCgi;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>One record a FastCGI server sent.</summary>
internal sealed record FastCgiTestRecord(FastCgiRecordType Type, ushort RequestId, byte[] Content)
{
    /// <summary>END_REQUEST's protocol status (byte 4 of its body).</summary>
    public FastCgiProtocolStatus ProtocolStatus => (FastCgiProtocolStatus)Content[4];
}
