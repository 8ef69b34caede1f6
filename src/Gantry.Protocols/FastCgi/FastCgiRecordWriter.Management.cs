using System.Buffers;

namespace Gantry.Protocols.FastCgi;

public static partial class FastCgiRecordWriter
{
    // Three names of at most 15 bytes, values of at most 11 digits, 2 length bytes each.
    private const int GetValuesResultMaxContent = 96;
    private const int AskedMaxConnections = 1;
    private const int AskedMaxRequests = 2;
    private const int AskedMultiplexesConnections = 4;

    /// <summary>Bytes a GET_VALUES_RESULT can take at most.</summary>
    public const int MaxGetValuesResultSize = FastCgiRecordHeader.Size + GetValuesResultMaxContent;

    /// <summary>
    /// Answers a GET_VALUES record (spec §4.1): a GET_VALUES_RESULT with the value of each name the query asks for
    /// among <c>FCGI_MAX_CONNS</c>, <c>FCGI_MAX_REQS</c> and <c>FCGI_MPXS_CONNS</c>, each once; names not understood
    /// are left out, as the spec says.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxGetValuesResultSize"/> bytes.</param>
    /// <param name="getValuesContent">The GET_VALUES record's content: pairs whose values are empty.</param>
    /// <param name="values">The application's answers.</param>
    /// <exception cref="FastCgiProtocolException">The query's pairs are malformed.</exception>
    public static int WriteGetValuesResult(Span<byte> destination, ReadOnlySpan<byte> getValuesContent, FastCgiManagementValues values)
    {
        var query = default(GetValuesQuery);
        FastCgiNameValueReader.Read(getValuesContent, ref query);

        Span<byte> content = stackalloc byte[GetValuesResultMaxContent];
        Span<byte> number = stackalloc byte[11];
        var length = 0;
        if ((query.Asked & AskedMaxConnections) != 0)
        {
            values.MaxConnections.TryFormat(number, out var digits);
            length += FastCgiNameValueWriter.WritePair(content[length..], FastCgiConstants.MaxConnections, number[..digits]);
        }
        if ((query.Asked & AskedMaxRequests) != 0)
        {
            values.MaxRequests.TryFormat(number, out var digits);
            length += FastCgiNameValueWriter.WritePair(content[length..], FastCgiConstants.MaxRequests, number[..digits]);
        }
        if ((query.Asked & AskedMultiplexesConnections) != 0)
        {
            length += FastCgiNameValueWriter.WritePair(content[length..], FastCgiConstants.MultiplexesConnections, values.MultiplexesConnections ? "1"u8 : "0"u8);
        }
        return WriteRecord(destination, FastCgiRecordType.GetValuesResult, FastCgiConstants.NullRequestId, content[..length]);
    }

    /// <summary>Answers a GET_VALUES record; see the span overload.</summary>
    public static void WriteGetValuesResult(IBufferWriter<byte> output, ReadOnlySpan<byte> getValuesContent, FastCgiManagementValues values) =>
        output.Advance(WriteGetValuesResult(output.GetSpan(MaxGetValuesResultSize), getValuesContent, values));

    private struct GetValuesQuery : IFastCgiNameValueHandler
    {
        public int Asked;

        public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            if (name.SequenceEqual(FastCgiConstants.MaxConnections))
            {
                Asked |= AskedMaxConnections;
            }
            else if (name.SequenceEqual(FastCgiConstants.MaxRequests))
            {
                Asked |= AskedMaxRequests;
            }
            else if (name.SequenceEqual(FastCgiConstants.MultiplexesConnections))
            {
                Asked |= AskedMultiplexesConnections;
            }
        }
    }
}
