using Gantry.Protocols.FastCgi;

namespace Gantry.Fuzz.Targets;

/// <summary>The FastCGI front's readers: records through FastCgiRequestReader, and name-value pairs.</summary>
public static class FastCgiTargets
{
    // What FastCgiConnection passes: min(--buffer-size, 65535) bytes of PARAMS and 1024 pairs.
    private const int MaxParamsBytes = 4096;
    private const int MaxParams = 1024;

    /// <summary>
    /// Feeds the payload as FastCgiConnection.ProcessInput does: after each arrival, every whole record is handed
    /// to the reader alone (an undefined type is answered UNKNOWN_TYPE and skipped, a record for an id never begun
    /// ends the connection); an incomplete record is shown to the reader so it can refuse an oversized PARAMS from
    /// its header. The application side completes a request at its end of STDIN, on ABORT_REQUEST and for an
    /// unknown role, as the connection does when it writes END_REQUEST.
    /// </summary>
    public static void Records(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var payload = input.Payload;
        var handler = new Application(new FastCgiRequestReader(MaxParamsBytes, MaxParams));
        var start = 0;
        try
        {
            foreach (var available in input.ArrivalPoints())
            {
                while (start < available)
                {
                    var buffered = payload[start..available];
                    if (!FastCgiRecordReader.TryRead(buffered, out var header, out int size))
                    {
                        FuzzFailure.Check(handler.Reader.Read(buffered, ref handler) == 0, "the reader consumed part of an incomplete record");
                        break;
                    }
                    FuzzFailure.Check(size == header.RecordSize && size <= buffered.Length, $"record size {size}, {buffered.Length} bytes buffered");
                    if (!handler.IsServed(header))
                    {
                        if (handler.Refused)
                        {
                            return;
                        }
                    }
                    else
                    {
                        FuzzFailure.Check(handler.Reader.Read(buffered[..size], ref handler) == size, "a whole record was not consumed whole");
                    }
                    start += size;
                }
            }
        }
        catch (FastCgiProtocolException)
        {
        }
    }

    /// <summary>
    /// A PARAMS stream: the payload is cut into records at the input's arrival points and appended to a
    /// FastCgiNameValueStreamReader, then completed. Where the whole-buffer reader accepts the same bytes, the two
    /// must deliver the same pairs.
    /// </summary>
    public static void Params(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var payload = input.Payload;
        var streamed = new Pairs();
        var stream = new FastCgiNameValueStreamReader(MaxParamsBytes * 16, MaxParams);
        string? streamResult;
        try
        {
            var start = 0;
            foreach (var end in input.ArrivalPoints())
            {
                // An empty record ends the stream: it is Complete, never appended.
                if (end > start)
                {
                    stream.Append(payload[start..end], ref streamed);
                }
                start = end;
            }
            var count = stream.Complete();
            FuzzFailure.Check(count == streamed.Count, $"Complete counted {count} pairs, {streamed.Count} were delivered");
            streamResult = streamed.Text.ToString();
        }
        catch (FastCgiProtocolException)
        {
            streamResult = null;
        }

        var whole = new Pairs();
        try
        {
            var count = FastCgiNameValueReader.Read(payload, ref whole);
            FuzzFailure.Check(count == whole.Count, $"Read counted {count} pairs, {whole.Count} were delivered");
        }
        catch (FastCgiProtocolException)
        {
            FuzzFailure.Check(whole.Count == 0, "the whole-buffer reader delivered pairs of content it refused");
            return;
        }
        if (payload.Length <= stream.MaxStreamBytes && whole.Count <= MaxParams)
        {
            FuzzFailure.Check(streamResult == whole.Text.ToString(),
                $"the stream reader gave {streamResult ?? "a refusal"} where the whole-buffer reader gave {whole.Text}");
        }
    }

    private sealed class Pairs : IFastCgiNameValueHandler
    {
        public int Count;
        public readonly System.Text.StringBuilder Text = new();

        public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            FuzzFailure.Check(!name.IsEmpty, "an empty name was delivered");
            Count++;
            Text.Append(Convert.ToHexString(name)).Append('=').Append(Convert.ToHexString(value)).Append(';');
        }
    }

    /// <summary>The connection and the application, as far as the reader can tell them apart.</summary>
    private sealed class Application(FastCgiRequestReader reader) : IFastCgiRequestHandler
    {
        private const int NoRequest = -1;
        private int _finishedId = NoRequest;
        private int _pairs;
        private int _paramBytes;

        public FastCgiRequestReader Reader { get; } = reader;

        public bool Refused { get; private set; }

        public bool IsServed(FastCgiRecordHeader header)
        {
            var type = (byte)header.Type;
            if (type is 0 or > (byte)FastCgiRecordType.UnknownType)
            {
                return false;
            }
            if (header.IsManagement || header.Type == FastCgiRecordType.BeginRequest
                || (Reader.HasActiveRequest && header.RequestId == Reader.RequestId) || header.RequestId == _finishedId)
            {
                return true;
            }
            Refused = true;
            return false;
        }

        public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            FuzzFailure.Check(Reader.HasActiveRequest, "a PARAMS pair without an active request");
            FuzzFailure.Check(!name.IsEmpty, "an empty name was delivered");
            _pairs++;
            _paramBytes += name.Length + value.Length;
            FuzzFailure.Check(_pairs <= MaxParams && _paramBytes <= MaxParamsBytes,
                $"{_pairs} pairs of {_paramBytes} bytes passed the limits ({MaxParams}, {MaxParamsBytes})");
        }

        public void OnBeginRequest(ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags)
        {
            FuzzFailure.Check(requestId != FastCgiConstants.NullRequestId, "a request began with the null id");
            _pairs = 0;
            _paramBytes = 0;
            if (role is not (FastCgiRole.Responder or FastCgiRole.Authorizer or FastCgiRole.Filter))
            {
                Finish(requestId);
            }
        }

        public void OnBeginRequestWhileBusy(ushort requestId) =>
            FuzzFailure.Check(Reader.HasActiveRequest, "BEGIN_REQUEST while busy, without an active request");

        public void OnParamsEnd() => FuzzFailure.Check(Reader.HasActiveRequest, "the end of PARAMS without an active request");

        public void OnStdin(ReadOnlySpan<byte> data) => FuzzFailure.Check(!data.IsEmpty, "an empty STDIN record was delivered as data");

        public void OnStdinEnd(long totalBytes) => Finish(Reader.RequestId);

        public void OnData(ReadOnlySpan<byte> data) => FuzzFailure.Check(!data.IsEmpty, "an empty DATA record was delivered as data");

        public void OnDataEnd(long totalBytes)
        {
        }

        public void OnAbortRequest(ushort requestId) => Finish(requestId);

        public void OnGetValues(ReadOnlySpan<byte> query)
        {
            Span<byte> answer = stackalloc byte[FastCgiRecordWriter.MaxGetValuesResultSize];
            FastCgiRecordWriter.WriteGetValuesResult(answer, query, new FastCgiManagementValues(1, 1, false));
        }

        public void OnUnknownManagementRecord(byte type)
        {
        }

        private void Finish(ushort requestId)
        {
            _finishedId = requestId;
            Reader.CompleteRequest();
        }
    }
}
