using System.Text;
using Gantry.Application;

namespace Gantry.Server.Logging;

/// <summary>What a request log line can say about one finished request.</summary>
internal readonly struct RequestLogEntry
{
    public required CgiVariables Variables { get; init; }
    public required string ClientAddress { get; init; }
    public required int StatusCode { get; init; }
    public required long BodyBytes { get; init; }
    public required int HeaderBytes { get; init; }
    public required int HeaderCount { get; init; }
    public required long Micros { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required int Pid { get; init; }
    public required int WorkerId { get; init; }
    public required int Core { get; init; }
    public required long Count { get; init; }

    public long StartMicros => Start.ToUnixTimeMilliseconds() * 1000 + (Start.Ticks / 10 % 1000);

    public int VariableBytes
    {
        get
        {
            var bytes = 0;
            for (var i = 0; i < Variables.Count; i++)
            {
                bytes += Variables.KeyAt(i).Length + Variables.ValueAt(i).Length;
            }
            return bytes;
        }
    }

    /// <summary>The request variable's value as Latin-1 text, or "" when absent.</summary>
    public string Variable(ReadOnlySpan<byte> key) => Variables.TryGetValue(key, out var value) ? Encoding.Latin1.GetString(value) : "";
}
