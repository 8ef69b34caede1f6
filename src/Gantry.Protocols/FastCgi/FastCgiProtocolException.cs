using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// FastCGI input that breaks the protocol. The connection that receives it logs the message and closes: after a
/// framing error nothing later on the stream can be trusted.
/// </summary>
public sealed class FastCgiProtocolException : Exception
{
    private FastCgiProtocolException(FastCgiRejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>What was wrong with the input.</summary>
    public FastCgiRejectionReason Reason { get; }

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void Throw(FastCgiRejectionReason reason) =>
        throw new FastCgiProtocolException(reason, Describe(reason));

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowBadVersion(byte version) =>
        throw new FastCgiProtocolException(
            FastCgiRejectionReason.BadVersion,
            version is >= 0x20 and < 0x7f
                ? $"not a FastCGI record: version byte 0x{version:x2} ('{(char)version}'); is an HTTP client talking to the FastCGI socket?"
                : $"not a FastCGI record: version byte 0x{version:x2}, expected 0x01");

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowParamsTooLarge(int limit) =>
        throw new FastCgiProtocolException(
            FastCgiRejectionReason.ParamsTooLarge,
            $"FastCGI PARAMS larger than {limit} bytes; raise --buffer-size (at most 65535)");

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowTooManyParams(int limit) =>
        throw new FastCgiProtocolException(
            FastCgiRejectionReason.TooManyParams,
            $"FastCGI PARAMS has more than {limit} pairs; raise --max-vars (each counts for two pairs)");

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowUnexpected(FastCgiRejectionReason reason, FastCgiRecordType type, ushort requestId) =>
        throw new FastCgiProtocolException(reason, $"{Describe(reason)}: record type {(byte)type} ({type}) for request {requestId}");

    private static string Describe(FastCgiRejectionReason reason) => reason switch
    {
        FastCgiRejectionReason.TruncatedNameValue => "FastCGI name-value pair longer than its stream",
        FastCgiRejectionReason.ZeroLengthName => "FastCGI name-value pair with an empty name",
        FastCgiRejectionReason.BadBeginRequestBody => "FastCGI BEGIN_REQUEST body is not 8 bytes",
        FastCgiRejectionReason.BadEndRequestBody => "FastCGI END_REQUEST body is not 8 bytes",
        FastCgiRejectionReason.BadUnknownTypeBody => "FastCGI UNKNOWN_TYPE body is not 8 bytes",
        FastCgiRejectionReason.UnknownRecordForRequest => "FastCGI record type a web server does not send",
        FastCgiRejectionReason.RecordOutOfOrder => "FastCGI record out of order",
        _ => reason.ToString(),
    };
}
