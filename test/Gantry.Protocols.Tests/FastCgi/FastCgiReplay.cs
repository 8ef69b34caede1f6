using Gantry.Protocols.FastCgi;
using Gantry.Protocols.Tests.Uwsgi;

namespace Gantry.Protocols.Tests.FastCgi;

/// <summary>
/// Plays the connection's part: appends each chunk to what it holds, lets the reader consume whole records, keeps
/// the rest. The outcome is the event lines plus how the stream ended, so every chunking of the same input can be
/// compared with one expectation.
/// </summary>
internal static class FastCgiReplay
{
    public const int MaxParamsBytes = 4096;
    public const int MaxParams = 128;

    public static List<string> Run(FastCgiCorpusCase corpusCase, string plan)
    {
        var reader = new FastCgiRequestReader(MaxParamsBytes, MaxParams);
        var handler = new RecordingRequestHandler(reader, corpusCase.CompleteOn);
        var held = new byte[corpusCase.Input.Length];
        var length = 0;
        try
        {
            foreach (var chunk in ChunkPlan.Cut(corpusCase.Input, plan))
            {
                chunk.AsSpan().CopyTo(held.AsSpan(length));
                length += chunk.Count;
                var consumed = reader.Read(held.AsSpan(0, length), ref handler);
                held.AsSpan(consumed, length - consumed).CopyTo(held);
                length -= consumed;
            }
        }
        catch (FastCgiProtocolException e)
        {
            handler.Events.Add("rejected " + e.Reason);
            return handler.Events;
        }
        handler.Events.Add($"eof held={length} active={reader.HasActiveRequest}");
        return handler.Events;
    }
}
