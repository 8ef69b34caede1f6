using System.Text;
using Gantry.Application;

namespace Gantry.Server.Logging;

/// <summary>What a request log line can say about one finished request.</summary>
internal readonly struct RequestLogEntry
{
    public required CgiVariables Variables { get; init; }
    /// <summary>log-x-forwarded-for: the client address is the X-Forwarded-For header when the request has one.</summary>
    public bool XForwardedFor { get; init; }
    public required int StatusCode { get; init; }
    public required long BodyBytes { get; init; }
    public required int HeaderBytes { get; init; }
    public required int HeaderCount { get; init; }
    public required long Micros { get; init; }
    /// <summary>When the request started, local time; only templates and the JSON line read it (the default line doesn't).</summary>
    public DateTimeOffset Start { get; init; }
    public required int Pid { get; init; }
    public required int WorkerId { get; init; }
    public required int Core { get; init; }
    public required long Count { get; init; }

    public long StartMicros => Start.ToUnixTimeMilliseconds() * 1000 + (Start.Ticks / 10 % 1000);

    public int VariableBytes => Variables.KeyAndValueBytes();

    /// <summary>REMOTE_ADDR, or with log-x-forwarded-for the X-Forwarded-For header when the request has one; "-" without either.</summary>
    public ReadOnlySpan<byte> ClientAddress
    {
        get
        {
            if (XForwardedFor && Variables.TryGetValue("HTTP_X_FORWARDED_FOR"u8, out var forwarded) && forwarded.Length > 0)
            {
                return forwarded;
            }
            return Variables.TryGetValue("REMOTE_ADDR"u8, out var address) ? address : "-"u8;
        }
    }

    /// <summary>The request variable's bytes, or empty when absent.</summary>
    public ReadOnlySpan<byte> Field(ReadOnlySpan<byte> key) => Variables.TryGetValue(key, out var value) ? value : default;

    /// <summary>The request variable's value as Latin-1 text, or "" when absent.</summary>
    public string Variable(ReadOnlySpan<byte> key) => Variables.TryGetValue(key, out var value) ? Encoding.Latin1.GetString(value) : "";
}
