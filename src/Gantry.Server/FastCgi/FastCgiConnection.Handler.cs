using System.Buffers.Text;
using System.Globalization;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Connections;
using Gantry.Server.Gateway;
using Gantry.Server.Http;
using Gantry.Server.Logging;

namespace Gantry.Server.FastCgi;

/// <summary>
/// What the reader found, record by record: the request's parameters become its CGI variables (as nginx's
/// fastcgi_params send them, with the gateway rules of <see cref="GatewayVariables"/>), STDIN becomes its body, and
/// management records are answered at once.
/// </summary>
internal sealed partial class FastCgiConnection : IFastCgiRequestHandler
{
    /// <summary>What GET_VALUES answers (§4.1): generous limits, and no multiplexing.</summary>
    private static readonly FastCgiManagementValues ManagementValues = new(MaxConnections: 1024, MaxRequests: 1024, MultiplexesConnections: false);

    public void OnBeginRequest(ushort requestId, FastCgiRole role, FastCgiBeginRequestFlags flags)
    {
        _requestId = requestId;
        _keepConnection = (flags & FastCgiBeginRequestFlags.KeepConnection) != 0;
        _streamAsked = false;
        Request.Reset();
        _gateway.Reset();
        if (role != FastCgiRole.Responder)
        {
            if (Services.FirstTime(WarningTopic.FastCgiRole + Math.Min((int)role, 999)))
            {
                Services.Logger.FastCgiRoleUnsupported((int)role, Listener.DisplayAddress);
            }
            WriteEndRequest(requestId, FastCgiProtocolStatus.UnknownRole);
            FinishRequest();
            if (!_keepConnection)
            {
                CloseAfterRefusal();
            }
        }
    }

    public void OnBeginRequestWhileBusy(ushort requestId)
    {
        _refusedId = requestId;
        WriteEndRequest(requestId, FastCgiProtocolStatus.CantMultiplexConnection);
    }

    public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        _gateway.Add(Request.Variables, name, value, Services, Listener.DisplayAddress);

    public void OnParamsEnd()
    {
        if (_gateway.ContentLengthInvalid)
        {
            Refuse("CONTENT_LENGTH is not a decimal number");
            return;
        }
        if (!_gateway.HasPathInfo && !SplitScriptName())
        {
            // The HTTP front answers a "%00" path 400 as well: a NUL would end the path in any C string it reaches.
            AnswerRefused(400, "REQUEST_URI's path decodes to a NUL byte (%00); answered 400");
            return;
        }
        Request.IsHttps = _gateway.IsHttps;
        IsHeadRequest = _gateway.IsHead;
        CloseAfterResponse = !_keepConnection;
        var limit = Services.Options.LimitPost;
        if (limit > 0 && _gateway.ContentLength > limit)
        {
            AnswerTooLarge(_gateway.ContentLength, limit);
            return;
        }
        if (_gateway.ContentLength > 0)
        {
            AskStream();
        }
    }

    public void OnStdin(ReadOnlySpan<byte> data)
    {
        Request.Body.Append(data);
        var limit = Services.Options.LimitPost;
        if (limit > 0 && Request.Body.Length > limit)
        {
            AnswerTooLarge(Request.Body.Length, limit);
            return;
        }
        if (!_gateway.ContentLengthGiven && State == ConnectionState.ReadingRequest)
        {
            // Without CONTENT_LENGTH the body shows only with its first bytes; its length is known at STDIN's end.
            AskStream();
        }
    }

    public void OnStdinEnd(long totalBytes)
    {
        if (_gateway.ContentLengthGiven && totalBytes != _gateway.ContentLength)
        {
            Refuse(string.Create(CultureInfo.InvariantCulture, $"STDIN ended after {totalBytes} bytes, CONTENT_LENGTH said {_gateway.ContentLength}"));
            return;
        }
        if (State == ConnectionState.Responding)
        {
            EndBodyArrival();
            return;
        }
        if (!_gateway.ContentLengthGiven && totalBytes > 0)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(totalBytes, digits, out var written);
            Request.Variables.Set("CONTENT_LENGTH"u8, digits[..written]);
        }
        _requestReady = true;
    }

    public void OnData(ReadOnlySpan<byte> data)
    {
        // The Filter role's file stream: never sent to a Responder, which is the only role served.
    }

    public void OnDataEnd(long totalBytes)
    {
    }

    public void OnAbortRequest(ushort requestId)
    {
        if (State == ConnectionState.Responding)
        {
            AbortResponse();
        }
        else
        {
            Request.Reset();
        }
        WriteEndRequest(requestId, FastCgiProtocolStatus.RequestComplete);
        FinishRequest();
        State = _keepConnection && !Services.ShuttingDown ? ConnectionState.ReadingRequest : ConnectionState.Closing;
    }

    public void OnGetValues(ReadOnlySpan<byte> query)
    {
        SealOutput();
        FastCgiRecordWriter.WriteGetValuesResult(Output, query, ManagementValues);
    }

    public void OnUnknownManagementRecord(byte type)
    {
        SealOutput();
        FastCgiRecordWriter.WriteUnknownType(Output, type);
    }

    /// <summary>
    /// nginx's fastcgi_params send no PATH_INFO: SCRIPT_NAME carries the whole path ($fastcgi_script_name), which is
    /// right for a PHP script and wrong for a WSGI application mounted at the root. As for a request on the other
    /// fronts, the path becomes PATH_INFO (DOCUMENT_URI, the decoded path, when sent) and SCRIPT_NAME is emptied.
    /// A configuration that sends PATH_INFO itself (fastcgi_split_path_info) is left as it is.
    /// Returns false when the path decoded from REQUEST_URI holds a NUL.
    /// </summary>
    private bool SplitScriptName()
    {
        var variables = Request.Variables;
        if (variables.TryGetValue("DOCUMENT_URI"u8, out var path) || variables.TryGetValue("SCRIPT_NAME"u8, out path))
        {
            variables.Set("PATH_INFO"u8, path);
        }
        else if (variables.TryGetValue("REQUEST_URI"u8, out var target))
        {
            var query = target.IndexOf((byte)'?');
            if (!PercentDecoder.SetDecodedPath(variables, "PATH_INFO"u8, query < 0 ? target : target[..query]))
            {
                return false;
            }
        }
        if (variables.IndexOf("SCRIPT_NAME"u8) >= 0)
        {
            variables.Set("SCRIPT_NAME"u8, default);
        }
        return true;
    }

    /// <summary>Asks once per request whether the host wants the body streamed; if so, it is invoked after this record.</summary>
    private void AskStream()
    {
        if (!_streamAsked)
        {
            _streamAsked = true;
            _streamReady = Services.Application.StreamsRequestBody(Request);
        }
    }

    /// <summary>
    /// The body is over --limit-post: answer 413 now; the rest of STDIN is read and ignored. A streaming host already
    /// producing the response has it aborted first, and if its head left, the response is cut instead.
    /// </summary>
    private void AnswerTooLarge(long length, long limit)
    {
        var over = string.Create(CultureInfo.InvariantCulture, $"body of {length} bytes is over --limit-post {limit}");
        if (State != ConnectionState.Responding)
        {
            AnswerRefused(413, $"{over}; answered 413");
            return;
        }
        if (!AbortStreamedResponse(413))
        {
            Services.Logger.GatewayRequestRefused("FastCGI", Listener.DisplayAddress, PeerText(), $"{over}; its response was cut");
            FinishRequest();
            return;
        }
        AnswerRefused(413, $"{over}; answered 413");
        if (State == ConnectionState.Responding)
        {
            State = Services.ShuttingDown ? ConnectionState.Closing : ConnectionState.ReadingRequest;
        }
    }

    /// <summary>Answers <paramref name="status"/> without the application; the rest of STDIN is read and ignored.</summary>
    private void AnswerRefused(int status, string reason)
    {
        Services.Logger.GatewayRequestRefused("FastCGI", Listener.DisplayAddress, PeerText(), reason);
        WriteCgiResponse(FastCgiErrorResponses.For(status));
        FinishRequest();
        Request.Reset();
        if (!_keepConnection)
        {
            CloseAfterRefusal();
        }
    }
}
