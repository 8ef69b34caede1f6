namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Receives what <see cref="FastCgiRequestReader"/> reads from a web server. PARAMS pairs arrive through
/// <see cref="IFastCgiNameValueHandler.OnNameValue"/>. Spans are valid only during the call.
/// </summary>
public interface IFastCgiRequestHandler : IFastCgiNameValueHandler
{
    /// <summary>
    /// A request starts. The role may be one the application does not play: answer END_REQUEST with
    /// <see cref="FastCgiProtocolStatus.UnknownRole"/>, then call <see cref="FastCgiRequestReader.CompleteRequest"/>.
    /// </summary>
    void OnBeginRequest(ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags);

    /// <summary>
    /// A BEGIN_REQUEST for another id while a request is active: this reader does not multiplex, so answer
    /// END_REQUEST for <paramref name="requestId"/> with <see cref="FastCgiProtocolStatus.CantMultiplexConnection"/>
    /// (spec §5.5). Later records for that id are ignored.
    /// </summary>
    void OnBeginRequestWhileBusy(ushort requestId);

    /// <summary>The empty PARAMS record arrived: every pair has been delivered and the application can start.</summary>
    void OnParamsEnd();

    /// <summary>Request body bytes (one STDIN record's content, never empty).</summary>
    void OnStdin(ReadOnlySpan<byte> data);

    /// <summary>
    /// The empty STDIN record arrived. <paramref name="totalBytes"/> is the body length received; a body shorter
    /// than <c>CONTENT_LENGTH</c> is a truncated request, which the connection detects by comparing the two.
    /// </summary>
    void OnStdinEnd(long totalBytes);

    /// <summary>Filter-role file bytes (one DATA record's content, never empty).</summary>
    void OnData(ReadOnlySpan<byte> data);

    /// <summary>The empty DATA record arrived after <paramref name="totalBytes"/> bytes.</summary>
    void OnDataEnd(long totalBytes);

    /// <summary>
    /// The web server abandoned the active request (its client went away). Answer END_REQUEST and call
    /// <see cref="FastCgiRequestReader.CompleteRequest"/>; records for the request are ignored until then.
    /// </summary>
    void OnAbortRequest(ushort requestId);

    /// <summary>
    /// A GET_VALUES management record, already checked to hold whole pairs: answer with
    /// <see cref="FastCgiRecordWriter.WriteGetValuesResult(Span{byte}, ReadOnlySpan{byte}, FastCgiManagementValues)"/>.
    /// </summary>
    void OnGetValues(ReadOnlySpan<byte> query);

    /// <summary>A management record of a type this reader does not know: answer with <see cref="FastCgiRecordWriter.WriteUnknownType(Span{byte}, byte)"/>.</summary>
    void OnUnknownManagementRecord(byte type);
}
