namespace Gantry.Application;

/// <summary>
/// Where an application writes its response. The front that owns the connection implements it and
/// chooses the framing (HTTP/1.1 Content-Length or chunked, raw for uwsgi, STDOUT records for FastCGI).
/// Spans are copied before a call returns.
/// </summary>
public interface IResponseSink
{
    /// <summary>True once the status and headers were committed to the output (first body byte, or end of response).</summary>
    bool HeadersCommitted { get; }

    /// <summary>True when the client disconnected or a write failed: producing more is pointless.</summary>
    bool ClientGone { get; }

    /// <summary>Starts (or, before commit, replaces) the response head. <paramref name="status"/> is e.g. "200 OK".</summary>
    void SetStatus(ReadOnlySpan<byte> status);

    /// <summary>Adds one response header (latin-1 bytes, already validated by the host).</summary>
    void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);

    /// <summary>
    /// Appends body bytes (committing the head first). Returns false when the output is above its high-water
    /// mark: the producer should return <see cref="ApplicationStep.Suspended"/> and wait to be resumed.
    /// </summary>
    bool Write(ReadOnlySpan<byte> data);

    /// <summary>
    /// Hands everything written so far to the client now, committing the head with the front's streaming framing
    /// when the body is not complete yet (PEP 3333 "Buffering and Streaming": a block must leave before the
    /// application is asked for the next one). Returns false when part of it still waits for the client: the
    /// producer returns <see cref="ApplicationStep.Suspended"/> and is resumed once all of it left (or, if the
    /// client went away, <see cref="ClientGone"/> is true).
    /// </summary>
    bool Flush();

    /// <summary>
    /// Queues <paramref name="count"/> bytes of an open file from <paramref name="offset"/> (sendfile where the
    /// front allows it). The descriptor must stay open until the response completes or is aborted.
    /// Returns false like <see cref="Write"/>. A negative count means "to the end of the file".
    /// </summary>
    bool WriteFile(int fileDescriptor, long offset, long count);

    /// <summary>
    /// A host whose last step was <see cref="ApplicationStep.Pending"/> is ready to go on: the server resumes its
    /// continuation (at once, or once the output it already has drained). Loop thread only; called during that step
    /// (before it returned), it makes the server resume right after it returns; called from an
    /// <see cref="IRequestBodyListener"/>, right after the listener returns.
    /// </summary>
    void Continue();

    /// <summary>
    /// Blocks until all output written so far reached the socket or the client is gone (PEP 3333's legacy
    /// write() callable must not buffer without bound). The loop calls the thread's EnterWait/LeaveWait around
    /// the wait. Returns false when the client is gone.
    /// </summary>
    bool Drain();
}
