using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// A uwsgi packet that cannot be served. The connection that receives it logs the message and closes, as uWSGI
/// does (nginx then answers 502 to its client).
/// </summary>
public sealed class UwsgiProtocolException : Exception
{
    private UwsgiProtocolException(UwsgiRejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>What was wrong with the packet.</summary>
    public UwsgiRejectionReason Reason { get; }

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void Throw(UwsgiRejectionReason reason, int offset) =>
        throw new UwsgiProtocolException(reason, $"invalid uwsgi vars block: {Describe(reason)} at offset {offset}");

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowBlockTooLarge(int dataSize, int bufferSize) =>
        throw new UwsgiProtocolException(
            UwsgiRejectionReason.BlockLargerThanBufferSize,
            $"invalid request block size: {dataSize} (max {bufferSize}); raise --buffer-size (buffer-size = {Math.Min(BitOperations.RoundUpToPowerOf2((uint)dataSize), UwsgiPacketLimits.MaxBufferSize)} in the ini file, at most 65535)");

    [DoesNotReturn]
    [StackTraceHidden]
    internal static void ThrowTooManyVariables(int maxVariables) =>
        throw new UwsgiProtocolException(
            UwsgiRejectionReason.TooManyVariables,
            $"uwsgi packet has more than {maxVariables} variables; raise --max-vars (each counts for two variables)");

    private static string Describe(UwsgiRejectionReason reason) => reason switch
    {
        UwsgiRejectionReason.ZeroLengthKey => "zero-length key",
        UwsgiRejectionReason.TruncatedKeySize => "key size cut by the end of the block",
        UwsgiRejectionReason.TruncatedKey => "key longer than the rest of the block",
        UwsgiRejectionReason.TruncatedValueSize => "value size cut by the end of the block",
        UwsgiRejectionReason.TruncatedValue => "value longer than the rest of the block",
        _ => reason.ToString(),
    };
}
