namespace Gantry.Protocols.FastCgi;

/// <summary>
/// One connection's reader for what a web server (nginx <c>fastcgi_pass</c>) sends to an application: records are
/// decoded, checked against the request's state and turned into <see cref="IFastCgiRequestHandler"/> calls. Sans-IO
/// and allocation-free once the PARAMS carry buffer has grown; one request at a time (the application answers
/// <c>FCGI_MPXS_CONNS=0</c>).
/// </summary>
/// <remarks>
/// <para>A request goes BEGIN_REQUEST → PARAMS… → empty PARAMS → STDIN… → empty STDIN (plus DATA for the Filter
/// role). Each record is delivered whole, so the caller's receive buffer must hold
/// <see cref="FastCgiConstants.MaxRecordSize"/> bytes.</para>
/// <para>Spec §3.3: a request id is active from BEGIN_REQUEST until the application sends END_REQUEST, and records
/// for an inactive id are ignored. The reader cannot see what the application sends, so the connection calls
/// <see cref="CompleteRequest"/> when it writes END_REQUEST; late records for the finished request (nginx still
/// sending a body the application did not read) are then skipped.</para>
/// </remarks>
public sealed class FastCgiRequestReader
{
    private readonly FastCgiNameValueStreamReader _params;
    private Phase _phase;
    private bool _stdinEnded;
    private bool _dataEnded;
    private long _stdinBytes;
    private long _dataBytes;

    /// <summary>Creates a reader for one connection.</summary>
    /// <param name="maxParamsBytes">Largest PARAMS stream accepted (the server passes <c>--buffer-size</c>).</param>
    /// <param name="maxParams">Largest number of PARAMS pairs accepted.</param>
    public FastCgiRequestReader(int maxParamsBytes, int maxParams)
    {
        _params = new FastCgiNameValueStreamReader(maxParamsBytes, maxParams);
    }

    private enum Phase
    {
        Idle,
        Params,
        Body,
        Aborted,
    }

    /// <summary>True from BEGIN_REQUEST until <see cref="CompleteRequest"/>.</summary>
    public bool HasActiveRequest => _phase != Phase.Idle;

    /// <summary>The active request's id (meaningful while <see cref="HasActiveRequest"/>).</summary>
    public ushort RequestId { get; private set; }

    /// <summary>True once the empty PARAMS record of the active request has arrived.</summary>
    public bool ParamsComplete => _phase == Phase.Body;

    /// <summary>
    /// Reads every whole record at the start of <paramref name="buffer"/>; returns the bytes consumed. The caller
    /// keeps <c>buffer[consumed..]</c> (part of the next record) and calls again when more bytes arrive.
    /// The handler may call <see cref="CompleteRequest"/> from inside a callback.
    /// </summary>
    /// <exception cref="FastCgiProtocolException">The input breaks the protocol; close the connection.</exception>
    public int Read<THandler>(ReadOnlySpan<byte> buffer, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        var total = 0;
        while (FastCgiRecordReader.TryRead(buffer[total..], out var header, out var content, out var consumed))
        {
            total += consumed;
            Dispatch(header, content, ref handler);
        }
        if (FastCgiRecordReader.TryReadHeader(buffer[total..], out var incomplete))
        {
            CheckParamsLimit(incomplete);
        }
        return total;
    }

    /// <summary>
    /// The application has written END_REQUEST for the active request: its id becomes inactive and the reader
    /// waits for the next BEGIN_REQUEST (with <c>FCGI_KEEP_CONN</c>) or the end of the connection.
    /// </summary>
    public void CompleteRequest()
    {
        _phase = Phase.Idle;
        _params.Reset();
    }

    private void Dispatch<THandler>(FastCgiRecordHeader header, ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (header.IsManagement)
        {
            DispatchManagement(header, content, ref handler);
            return;
        }
        if (header.Type == FastCgiRecordType.BeginRequest)
        {
            Begin(header, FastCgiBeginRequestBody.Read(content), ref handler);
            return;
        }
        if (_phase is Phase.Idle or Phase.Aborted || header.RequestId != RequestId)
        {
            return;
        }
        switch (header.Type)
        {
            case FastCgiRecordType.AbortRequest:
                _phase = Phase.Aborted;
                handler.OnAbortRequest(header.RequestId);
                break;
            case FastCgiRecordType.Params:
                ReadParams(header, content, ref handler);
                break;
            case FastCgiRecordType.Stdin:
                RequireBody(header, _stdinEnded);
                ReadStdin(content, ref handler);
                break;
            case FastCgiRecordType.Data:
                RequireBody(header, _dataEnded);
                ReadData(content, ref handler);
                break;
            default:
                FastCgiProtocolException.ThrowUnexpected(FastCgiRejectionReason.UnknownRecordForRequest, header.Type, header.RequestId);
                break;
        }
    }

    private static void DispatchManagement<THandler>(FastCgiRecordHeader header, ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (header.Type == FastCgiRecordType.GetValues)
        {
            FastCgiNameValueReader.CountPairs(content);
            handler.OnGetValues(content);
            return;
        }
        handler.OnUnknownManagementRecord((byte)header.Type);
    }

    private void Begin<THandler>(FastCgiRecordHeader header, FastCgiBeginRequestBody body, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (_phase != Phase.Idle)
        {
            if (header.RequestId == RequestId)
            {
                FastCgiProtocolException.ThrowUnexpected(FastCgiRejectionReason.RecordOutOfOrder, header.Type, header.RequestId);
            }
            handler.OnBeginRequestWhileBusy(header.RequestId);
            return;
        }
        RequestId = header.RequestId;
        _phase = Phase.Params;
        _stdinEnded = false;
        _dataEnded = false;
        _stdinBytes = 0;
        _dataBytes = 0;
        _params.Reset();
        handler.OnBeginRequest(header.RequestId, body.Role, body.Flags);
    }

    // Limits are enforced before parsing: a PARAMS record that cannot fit is refused from its header, without
    // waiting for up to 64 KiB of content to arrive.
    private void CheckParamsLimit(FastCgiRecordHeader header)
    {
        if (header.Type == FastCgiRecordType.Params && _phase == Phase.Params && header.RequestId == RequestId &&
            header.ContentLength > _params.MaxStreamBytes - _params.StreamBytes)
        {
            FastCgiProtocolException.ThrowParamsTooLarge(_params.MaxStreamBytes);
        }
    }

    private void ReadParams<THandler>(FastCgiRecordHeader header, ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (_phase != Phase.Params)
        {
            FastCgiProtocolException.ThrowUnexpected(FastCgiRejectionReason.RecordOutOfOrder, header.Type, header.RequestId);
        }
        if (!content.IsEmpty)
        {
            _params.Append(content, ref handler);
            return;
        }
        _params.Complete();
        _phase = Phase.Body;
        handler.OnParamsEnd();
    }

    private void RequireBody(FastCgiRecordHeader header, bool streamEnded)
    {
        if (_phase != Phase.Body || streamEnded)
        {
            FastCgiProtocolException.ThrowUnexpected(FastCgiRejectionReason.RecordOutOfOrder, header.Type, header.RequestId);
        }
    }

    private void ReadStdin<THandler>(ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (content.IsEmpty)
        {
            _stdinEnded = true;
            handler.OnStdinEnd(_stdinBytes);
            return;
        }
        _stdinBytes += content.Length;
        handler.OnStdin(content);
    }

    private void ReadData<THandler>(ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiRequestHandler, allows ref struct
    {
        if (content.IsEmpty)
        {
            _dataEnded = true;
            handler.OnDataEnd(_dataBytes);
            return;
        }
        _dataBytes += content.Length;
        handler.OnData(content);
    }
}
