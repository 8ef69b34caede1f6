namespace Gantry.Protocols.FastCgi;

/// <summary>Wire constants of FastCGI 1.0 (spec §8, fastcgi.h).</summary>
public static class FastCgiConstants
{
    /// <summary><c>FCGI_VERSION_1</c>, the only version there is.</summary>
    public const byte Version1 = 1;

    /// <summary><c>FCGI_NULL_REQUEST_ID</c>: the request id of management records.</summary>
    public const ushort NullRequestId = 0;

    /// <summary>Largest content of one record (16-bit <c>contentLength</c>).</summary>
    public const int MaxContentLength = ushort.MaxValue;

    /// <summary>Largest padding of one record (8-bit <c>paddingLength</c>).</summary>
    public const int MaxPaddingLength = byte.MaxValue;

    /// <summary>
    /// Largest record the wire format can carry: header, 65535 content bytes, 255 padding bytes. A receive buffer
    /// at least this large always has room for one whole record.
    /// </summary>
    public const int MaxRecordSize = FastCgiRecordHeader.Size + MaxContentLength + MaxPaddingLength;

    /// <summary>Records are padded to a multiple of this (spec §3.3 recommends it; nginx and php-fpm do it).</summary>
    public const int Alignment = 8;

    /// <summary><c>FCGI_MAX_CONNS</c>: GET_VALUES name for the number of connections the application accepts.</summary>
    public static ReadOnlySpan<byte> MaxConnections => "FCGI_MAX_CONNS"u8;

    /// <summary><c>FCGI_MAX_REQS</c>: GET_VALUES name for the number of concurrent requests the application accepts.</summary>
    public static ReadOnlySpan<byte> MaxRequests => "FCGI_MAX_REQS"u8;

    /// <summary><c>FCGI_MPXS_CONNS</c>: GET_VALUES name, "1" when the application multiplexes connections, else "0".</summary>
    public static ReadOnlySpan<byte> MultiplexesConnections => "FCGI_MPXS_CONNS"u8;
}
