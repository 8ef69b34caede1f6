using Gantry.Protocols.Uwsgi;

namespace Gantry.Fuzz.Targets;

/// <summary>The uwsgi front's packet reader.</summary>
public static class UwsgiTarget
{
    /// <summary>
    /// Feeds the payload as UwsgiConnection.ProcessPacket does: the header's modifier is checked first, then
    /// TryReadPacket is called with the grown buffer after each arrival until the packet is whole. The limits are
    /// the defaults (--buffer-size 4096, 64 variables) unless the control byte's low bits pick a small buffer size.
    /// </summary>
    public static void Run(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var payload = input.Payload;
        var limits = (input.Control & 0x3) switch
        {
            1 => UwsgiPacketLimits.FromUwsgiOptions(64, 4),
            2 => UwsgiPacketLimits.FromUwsgiOptions(UwsgiPacketLimits.MaxBufferSize, 1024),
            _ => UwsgiPacketLimits.Default,
        };
        try
        {
            foreach (var available in input.ArrivalPoints())
            {
                var buffered = payload[..available];
                if (UwsgiPacketReader.TryReadHeader(buffered, out var header)
                    && header.Modifier1 is not (UwsgiModifier.Wsgi or UwsgiModifier.WsgiScriptNameStripped or UwsgiModifier.Cgi))
                {
                    return;
                }
                var handler = new Variables(limits.MaxVariables);
                if (UwsgiPacketReader.TryReadPacket(buffered, limits, ref handler, out header, out var consumed))
                {
                    FuzzFailure.Check(consumed == header.PacketSize && consumed <= buffered.Length,
                        $"consumed {consumed}, packet size {header.PacketSize}, {buffered.Length} bytes buffered");
                    FuzzFailure.Check(header.DataSize <= limits.BufferSize, $"a block of {header.DataSize} bytes passed the limit {limits.BufferSize}");
                    FuzzFailure.Check(handler.Bytes + (4 * handler.Count) == header.DataSize,
                        $"{handler.Count} variables of {handler.Bytes} bytes do not fill a {header.DataSize}-byte block");
                    return;
                }
                FuzzFailure.Check(consumed == 0 && handler.Count == 0, "an incomplete packet delivered variables");
            }
        }
        catch (UwsgiProtocolException)
        {
        }
    }

    private struct Variables(int max) : IUwsgiVariableHandler
    {
        public int Count;
        public int Bytes;

        public void OnVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            FuzzFailure.Check(!key.IsEmpty, "an empty key was delivered");
            Count++;
            Bytes += key.Length + value.Length;
            FuzzFailure.Check(Count <= max, $"variable {Count} passed the limit {max}");
        }
    }
}
