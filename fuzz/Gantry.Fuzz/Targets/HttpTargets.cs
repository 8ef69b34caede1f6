using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Fuzz.Targets;

/// <summary>The HTTP/1.1 front's parsers: the request head parser and the chunked body decoder.</summary>
public static class HttpTargets
{
    // --buffer-size's default, which HttpConnection passes as the longest head.
    private const int MaxHeadLength = 4096;

    /// <summary>
    /// Feeds the payload as HttpConnection.ProcessHead / ProcessBody do: the head parser is called again with the
    /// grown buffer after each arrival, then the body is taken by Content-Length or through the chunked decoder,
    /// then the next pipelined request starts. The payload is read twice, all at once and in the input's pieces:
    /// the parser promises the same outcome for any split, so two different transcripts are a defect.
    /// </summary>
    public static void Head(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var whole = ReadRequests(input.Payload, [input.Payload.Length]);
        var pieces = ReadRequests(input.Payload, input.ArrivalPoints());
        FuzzFailure.Check(whole == pieces, $"the same bytes read whole and in pieces differ:\n{whole}\n---\n{pieces}");
    }

    /// <summary>A chunked body alone, decoded as HttpConnection.TakeChunks does, whole and in pieces.</summary>
    public static void Chunked(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var whole = DecodeChunked(input.Payload, [input.Payload.Length]);
        var pieces = DecodeChunked(input.Payload, input.ArrivalPoints());
        FuzzFailure.Check(whole == pieces, $"the same chunked body decoded whole and in pieces differs:\n{whole}\n---\n{pieces}");
    }

    private enum Phase
    {
        Head,
        Body,
        Chunked,
    }

    private static string ReadRequests(ReadOnlySpan<byte> payload, List<int> arrivals)
    {
        var transcript = new StringBuilder();
        var head = new HttpRequestHead();
        var decoder = default(HttpChunkedDecoder);
        var phase = Phase.Head;
        var start = 0;
        long bodyRemaining = 0;
        long bodyTaken = 0;
        try
        {
            foreach (var available in arrivals)
            {
                var progressed = true;
                while (progressed && start < available)
                {
                    var buffered = payload[start..available];
                    switch (phase)
                    {
                        case Phase.Head:
                            progressed = HttpRequestHeadParser.TryParse(buffered, MaxHeadLength, head, out var consumed);
                            if (!progressed)
                            {
                                FuzzFailure.Check(consumed == 0, "TryParse returned false with consumed > 0");
                                break;
                            }
                            CheckHead(buffered, head, consumed, transcript);
                            start += consumed;
                            bodyTaken = 0;
                            if (head.IsChunked)
                            {
                                decoder.Reset();
                                phase = Phase.Chunked;
                            }
                            else if (head.ContentLength > 0)
                            {
                                bodyRemaining = head.ContentLength;
                                phase = Phase.Body;
                            }
                            break;
                        case Phase.Body:
                            var take = (int)Math.Min(buffered.Length, bodyRemaining);
                            start += take;
                            bodyRemaining -= take;
                            bodyTaken += take;
                            if (bodyRemaining == 0)
                            {
                                transcript.Append("body ").Append(bodyTaken).Append('\n');
                                phase = Phase.Head;
                            }
                            break;
                        case Phase.Chunked:
                            var complete = decoder.Decode(buffered, out var used, out var dataOffset, out var dataLength);
                            CheckDecode(buffered, used, dataOffset, dataLength);
                            start += used;
                            bodyTaken += dataLength;
                            progressed = used > 0;
                            if (complete)
                            {
                                FuzzFailure.Check(decoder.IsComplete, "Decode returned true but IsComplete is false");
                                transcript.Append("chunked body ").Append(bodyTaken).Append('\n');
                                phase = Phase.Head;
                            }
                            break;
                    }
                }
            }
            transcript.Append("end in ").Append(phase).Append(" at ").Append(start);
        }
        catch (HttpRequestRejectedException rejection)
        {
            FuzzFailure.Check(rejection.StatusCode is >= 400 and < 600, $"a rejection with status {rejection.StatusCode}");
            transcript.Append("rejected ").Append(rejection.Reason).Append(' ').Append(rejection.StatusCode);
        }
        return transcript.ToString();
    }

    private static void CheckHead(ReadOnlySpan<byte> buffered, HttpRequestHead head, int consumed, StringBuilder transcript)
    {
        FuzzFailure.Check(consumed > 0 && consumed <= buffered.Length && consumed <= MaxHeadLength,
            $"head consumed {consumed} of {buffered.Length} bytes (limit {MaxHeadLength})");
        FuzzFailure.Check(head.HeaderCount is >= 0 and <= HttpRequestHeadParser.MaxHeaderCount, $"{head.HeaderCount} header fields");
        FuzzFailure.Check(head.ContentLength >= -1, $"Content-Length {head.ContentLength}");
        var bytes = buffered[..consumed];
        transcript.Append(Encoding.Latin1.GetString(bytes[head.Method])).Append(' ')
            .Append(Encoding.Latin1.GetString(bytes[head.Target])).Append(' ')
            .Append(Encoding.Latin1.GetString(bytes[head.Path])).Append(' ')
            .Append(Encoding.Latin1.GetString(bytes[head.Query])).Append(' ')
            .Append(Encoding.Latin1.GetString(bytes[head.Authority])).Append(' ')
            .Append(head.Version).Append(" cl=").Append(head.ContentLength)
            .Append(head.IsChunked ? " chunked" : "").Append(head.KeepAlive ? " keep-alive" : "")
            .Append(head.ExpectContinue ? " expect" : "").Append(head.HasUpgrade ? " upgrade" : "").Append('\n');
        for (var i = 0; i < head.HeaderCount; i++)
        {
            transcript.Append("  ").Append(Encoding.Latin1.GetString(bytes[head.HeaderName(i)])).Append(": ")
                .Append(Encoding.Latin1.GetString(bytes[head.HeaderValue(i)])).Append('\n');
        }
    }

    private static void CheckDecode(ReadOnlySpan<byte> source, int consumed, int dataOffset, int dataLength)
    {
        FuzzFailure.Check(consumed >= 0 && consumed <= source.Length, $"Decode consumed {consumed} of {source.Length}");
        FuzzFailure.Check(dataLength >= 0 && dataOffset >= 0 && dataOffset + dataLength <= consumed,
            $"Decode's data {dataOffset}+{dataLength} lies outside the {consumed} bytes consumed");
    }

    private static string DecodeChunked(ReadOnlySpan<byte> payload, List<int> arrivals)
    {
        var decoder = default(HttpChunkedDecoder);
        var data = new StringBuilder();
        var start = 0;
        try
        {
            foreach (var available in arrivals)
            {
                while (start < available)
                {
                    var source = payload[start..available];
                    var complete = decoder.Decode(source, out var consumed, out var dataOffset, out var dataLength);
                    CheckDecode(source, consumed, dataOffset, dataLength);
                    data.Append(Convert.ToHexString(source.Slice(dataOffset, dataLength)));
                    start += consumed;
                    if (complete)
                    {
                        return $"{data} complete, {payload.Length - start} bytes after";
                    }
                    if (consumed == 0)
                    {
                        break;
                    }
                }
            }
            return $"{data} incomplete";
        }
        catch (HttpRequestRejectedException rejection)
        {
            FuzzFailure.Check(rejection.StatusCode is >= 400 and < 600, $"a rejection with status {rejection.StatusCode}");
            return $"rejected {rejection.Reason}";
        }
    }
}
