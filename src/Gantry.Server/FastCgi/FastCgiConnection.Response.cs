using Gantry.Protocols.FastCgi;

namespace Gantry.Server.FastCgi;

/// <summary>
/// The response side: a CGI response (RFC 3875 §6: "Status: 200 OK", headers, blank line, body) carried in STDOUT
/// records, then an empty STDOUT record and END_REQUEST (§5.3, §5.5). Writes accumulate in one open record whose
/// header is patched with its length when it is sealed (before anything is sent, at 65535 bytes, or when another
/// record follows), so a small response is one STDOUT record and many small writes do not become many records.
/// </summary>
internal sealed partial class FastCgiConnection
{
    private const int NoRecord = -1;

    private int _recordStart = NoRecord;
    private int _recordLength;

    /// <inheritdoc />
    protected override void WriteHead(bool lengthKnown)
    {
        var head = Output.GetSpan(FastCgiRecordHeader.Size + Status.Length + ResponseHeaders.Length + 64);
        var n = FastCgiRecordHeader.Size;
        Append(head, ref n, "Status: "u8);
        Append(head, ref n, Status);
        Append(head, ref n, "\r\n"u8);
        Append(head, ref n, ResponseHeaders);
        if (lengthKnown && AppContentLength < 0 && !IsBodylessStatus)
        {
            AppendContentLength(head, ref n, KnownContentLength);
        }
        Append(head, ref n, "\r\n"u8);
        if (n - FastCgiRecordHeader.Size > FastCgiConstants.MaxContentLength)
        {
            // Headers beyond one record's capacity: send them as a stream of records instead.
            var text = head[FastCgiRecordHeader.Size..n].ToArray();
            FastCgiRecordWriter.WriteStream(Output, FastCgiRecordType.Stdout, _requestId, text);
            return;
        }
        _recordStart = Output.Pending;
        _recordLength = n - FastCgiRecordHeader.Size;
        Output.Commit(n);
    }

    /// <inheritdoc />
    protected override void FrameBody(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_recordStart == NoRecord)
            {
                _recordStart = Output.Pending;
                _recordLength = 0;
                Output.GetSpan(FastCgiRecordHeader.Size);
                Output.Commit(FastCgiRecordHeader.Size);
            }
            var take = Math.Min(FastCgiConstants.MaxContentLength - _recordLength, data.Length);
            Output.Write(data[..take]);
            _recordLength += take;
            data = data[take..];
            if (_recordLength == FastCgiConstants.MaxContentLength)
            {
                SealOutput();
            }
        }
    }

    /// <summary>Writes the open STDOUT record's header now that its length is known.</summary>
    protected override void SealOutput()
    {
        if (_recordStart == NoRecord)
        {
            return;
        }
        FastCgiRecordWriter.WriteHeader(Output.PendingSpan(_recordStart, FastCgiRecordHeader.Size),
            new FastCgiRecordHeader(FastCgiRecordType.Stdout, _requestId, (ushort)_recordLength, 0));
        _recordStart = NoRecord;
    }

    /// <summary>A file segment is one STDOUT record whose content sendfile(2) supplies (no padding: it is optional, §3.3).</summary>
    protected override void BeginFileSegment(long count)
    {
        SealOutput();
        FastCgiRecordWriter.WriteHeader(Output.GetSpan(FastCgiRecordHeader.Size),
            new FastCgiRecordHeader(FastCgiRecordType.Stdout, _requestId, (ushort)count, 0));
        Output.Commit(FastCgiRecordHeader.Size);
    }

    /// <inheritdoc />
    protected override void CompleteResponse()
    {
        SealOutput();
        FastCgiRecordWriter.WriteStreamEnd(Output, FastCgiRecordType.Stdout, _requestId);
        WriteEndRequest(_requestId, FastCgiProtocolStatus.RequestComplete);
        FinishRequest();
    }

    /// <inheritdoc />
    protected override void WriteCutMarker()
    {
        SealOutput();
        FastCgiRecordWriter.WriteUnreadableHeader(Output);
    }

    /// <inheritdoc />
    protected override void WriteErrorResponse(int statusCode)
    {
        WriteCgiResponse(FastCgiErrorResponses.For(statusCode));
        FinishRequest();
    }

    /// <summary>A whole response of the server's own: STDOUT, its end, END_REQUEST.</summary>
    private void WriteCgiResponse(ReadOnlySpan<byte> response)
    {
        SealOutput();
        FastCgiRecordWriter.WriteStream(Output, FastCgiRecordType.Stdout, _requestId, response);
        FastCgiRecordWriter.WriteStreamEnd(Output, FastCgiRecordType.Stdout, _requestId);
        WriteEndRequest(_requestId, FastCgiProtocolStatus.RequestComplete);
    }

    private void WriteEndRequest(ushort requestId, FastCgiProtocolStatus status)
    {
        SealOutput();
        FastCgiRecordWriter.WriteEndRequest(Output, requestId, 0, status);
    }
}
