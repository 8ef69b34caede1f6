using Gantry.Protocols.FastCgi;
using Gantry.Server.Connections;
using Gantry.Server.Gateway;

namespace Gantry.Server.FastCgi;

/// <summary>
/// One connection on a FastCGI socket (<c>--fastcgi-socket</c>, nginx <c>fastcgi_pass</c>) playing the RESPONDER
/// role (FastCGI 1.0 §6.2): BEGIN_REQUEST, PARAMS and STDIN in (.Input, .Handler), a CGI response in STDOUT records
/// and END_REQUEST out (.Response). One request at a time (FCGI_MPXS_CONNS=0); with FCGI_KEEP_CONN the connection
/// waits for the next BEGIN_REQUEST, without it the connection closes after END_REQUEST (§5.1).
/// </summary>
internal sealed partial class FastCgiConnection : Connection
{
    /// <summary>PARAMS pairs per request; see <see cref="Uwsgi.UwsgiConnection"/>'s limit for the reasoning.</summary>
    private const int MaxParams = 1024;

    private const int BodyRoom = 8192;
    private const int NoRequest = -1;

    private readonly FastCgiRequestReader _reader;
    private readonly GatewayVariables _gateway = new();
    private ushort _requestId;
    private bool _keepConnection;
    private bool _requestReady;

    // The host asked for this request's body streamed: it is invoked after the record that decided it.
    private bool _streamReady;

    // The stream question was asked for this request (at PARAMS' end, or at its first STDIN without CONTENT_LENGTH).
    private bool _streamAsked;
    private int _finishedId = NoRequest;
    private int _refusedId = NoRequest;

    public FastCgiConnection(ConnectionServices services, ConnectionPool pool)
        : base(services, pool)
    {
        _reader = new FastCgiRequestReader(Math.Min(services.Options.BufferSize, FastCgiConstants.MaxContentLength), MaxParams);
    }

    /// <summary>Records are parsed whole, so the largest one the format allows must fit, plus room behind it.</summary>
    protected override int InputLimit => FastCgiConstants.MaxRecordSize + BodyRoom;

    /// <inheritdoc />
    protected override bool HasPartialRequest => _reader.HasActiveRequest || InputBuffered > 0;

    /// <inheritdoc />
    /// <remarks>STDIN records arrive while the connection is still reading the request: that is its body.</remarks>
    protected override RequestPhase ArrivingPhase =>
        State == ConnectionState.ReadingRequest && _reader.ParamsComplete ? RequestPhase.Body : base.ArrivingPhase;

    /// <summary>ABORT_REQUEST, GET_VALUES and refused BEGIN_REQUESTs are answered while a response is paused.</summary>
    protected override bool ReadsWhileSuspended => true;

    /// <summary>A STDOUT record holds at most 65535 bytes, so files go out in record-sized segments.</summary>
    protected override long FileSegmentLimit => FastCgiConstants.MaxContentLength;

    /// <inheritdoc />
    protected override void OnOpened()
    {
        _reader.CompleteRequest();
        _gateway.Reset();
        _keepConnection = false;
        _requestReady = false;
        _streamReady = false;
        _streamAsked = false;
        _finishedId = NoRequest;
        _refusedId = NoRequest;
        _recordStart = NoRecord;
    }

    /// <summary>The active request is over (END_REQUEST written): later records for its id are ignored (§3.3).</summary>
    private void FinishRequest()
    {
        _finishedId = _requestId;
        _reader.CompleteRequest();
        _requestReady = false;
        _streamReady = false;
    }
}
