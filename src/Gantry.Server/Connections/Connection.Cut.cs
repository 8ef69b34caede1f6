namespace Gantry.Server.Connections;

/// <summary>
/// A response cut short after its head went out: how the connection ends so that the peer cannot take the cut body
/// for a whole one (PEP 3333 on exc_info after the headers were sent).
/// </summary>
internal abstract partial class Connection
{
    /// <summary>
    /// The application failed after the head went out (an exception in its iterable, or start_response re-raising
    /// exc_info, PEP 3333): the connection closes without what ends a body, so the client cannot take the cut body
    /// for a whole one. A chunked body lacks its last chunk and a declared Content-Length is short, which the client
    /// sees at the close; a body delimited by the close itself (HTTP/1.0, the raw response behind uwsgi_pass) or by
    /// FastCGI records (nginx takes the end of the connection for the end of the response) ends with a reset (TCP),
    /// which nginx reports as an upstream error and passes on by cutting its own response to the client, and with
    /// the front's <see cref="WriteCutMarker"/>.
    /// </summary>
    private void EndCutResponse()
    {
        if (BodyFramingHasEnd || (_appContentLength >= 0 && _bodySent < _appContentLength))
        {
            return;
        }
        _resetOnClose = true;
        WriteCutMarker();
    }

    /// <summary>True when the body's framing has an end marker of its own (HTTP chunked), so a cut body is visible at the close.</summary>
    protected virtual bool BodyFramingHasEnd => false;

    /// <summary>
    /// A cut body the peer could take for a whole one: write what makes the peer fail the response where a reset
    /// cannot (a unix socket has none). The uwsgi front has no such thing: its raw HTTP body ends at the close.
    /// </summary>
    protected virtual void WriteCutMarker()
    {
    }
}
