namespace Gantry.Protocols.Uwsgi;

/// <summary>Why a uwsgi packet was rejected; each maps to one wording in <see cref="UwsgiProtocolException"/>.</summary>
public enum UwsgiRejectionReason
{
    /// <summary><c>datasize</c> exceeds <c>buffer-size</c> (uWSGI: "invalid request block size").</summary>
    BlockLargerThanBufferSize,

    /// <summary>A variable with an empty key (uWSGI: "uwsgi key cannot be null").</summary>
    ZeroLengthKey,

    /// <summary>One byte left in the block where a 2-byte key size should start.</summary>
    TruncatedKeySize,

    /// <summary>The key size runs past the end of the block.</summary>
    TruncatedKey,

    /// <summary>The block ends after a key, before its 2-byte value size.</summary>
    TruncatedValueSize,

    /// <summary>The value size runs past the end of the block.</summary>
    TruncatedValue,

    /// <summary>More variables than the limit (uWSGI: "max vec size reached").</summary>
    TooManyVariables,
}
