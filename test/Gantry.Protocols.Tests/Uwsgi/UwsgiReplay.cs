using System.Text;
using Gantry.Protocols.Uwsgi;

namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>
/// Plays the connection's part: appends each chunk to what it holds, asks the reader for a packet, and stops at
/// the first packet (uwsgi carries one request per connection). The outcome is a string so that every chunking of
/// the same input can be compared with one expectation.
/// </summary>
internal static class UwsgiReplay
{
    public static string Run(byte[] input, string plan, UwsgiPacketLimits limits)
    {
        var held = new byte[input.Length];
        var length = 0;
        foreach (var chunk in ChunkPlan.Cut(input, plan))
        {
            chunk.AsSpan().CopyTo(held.AsSpan(length));
            length += chunk.Count;
            var handler = new RecordingVariableHandler();
            try
            {
                if (UwsgiPacketReader.TryReadPacket(held.AsSpan(0, length), limits, ref handler, out var header, out var consumed))
                {
                    // Whatever follows the packet is body: the reader leaves it to the connection.
                    return Describe(header, handler, input.Length - consumed);
                }
                Assert.Empty(handler.Variables);
            }
            catch (UwsgiProtocolException e)
            {
                return "rejected " + e.Reason;
            }
        }
        return "incomplete held=" + length;
    }

    private static string Describe(UwsgiPacketHeader header, RecordingVariableHandler handler, int bodyBytes)
    {
        var text = new StringBuilder($"packet m1={header.Modifier1} m2={header.Modifier2} vars={handler.Variables.Count}");
        foreach (var (key, value) in handler.Variables.Take(3))
        {
            text.Append(' ').Append(key).Append('=').Append(Printable(value));
        }
        return text.Append(" body=").Append(bodyBytes).ToString();
    }

    private static string Printable(string value) =>
        string.Concat(value.Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\x{(int)c:x2}"));
}
