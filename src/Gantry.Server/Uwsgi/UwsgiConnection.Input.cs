using System.Globalization;
using Gantry.Protocols.Uwsgi;
using Gantry.Server.Connections;
using Gantry.Server.Http;
using Gantry.Server.Logging;

namespace Gantry.Server.Uwsgi;

/// <summary>
/// The request side: the packet (4-byte header, vars block, uwsgi-docs Protocol.rst) parsed in place by the sans-IO
/// <see cref="UwsgiPacketReader"/>, then CONTENT_LENGTH body bytes into the RequestBody. Anything malformed is
/// logged and the connection closed without a response (nginx then answers 502, as with uWSGI).
/// </summary>
internal sealed partial class UwsgiConnection
{
    /// <inheritdoc />
    protected override bool ProcessInput() => State switch
    {
        ConnectionState.ReadingRequest => ProcessPacket(),
        ConnectionState.ReadingBody => ProcessBody(),
        ConnectionState.Responding => BodyArriving && ProcessBody(),
        _ => false,
    };

    private bool ProcessPacket()
    {
        if (InputBuffered == 0)
        {
            return false;
        }
        var buffered = BufferedInput;
        if (UwsgiPacketReader.TryReadHeader(buffered, out var header)
            && header.Modifier1 is not (UwsgiModifier.Wsgi or UwsgiModifier.WsgiScriptNameStripped or UwsgiModifier.Cgi))
        {
            if (Services.FirstTime(WarningTopic.UwsgiModifier + header.Modifier1))
            {
                Services.Logger.UwsgiModifierUnsupported(Listener.DisplayAddress, header.Modifier1, header.Modifier2);
            }
            CloseAfterRefusal();
            return true;
        }
        int consumed;
        try
        {
            Request.Reset();
            _gateway.Reset();
            var handler = this;
            if (!UwsgiPacketReader.TryReadPacket(buffered, _limits, ref handler, out header, out consumed))
            {
                if (InputClosed)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture,
                        $"the connection ended inside the packet ({buffered.Length} of {(buffered.Length < UwsgiPacketHeader.Size ? UwsgiPacketHeader.Size : header.PacketSize)} bytes)"));
                    return true;
                }
                return false;
            }
        }
        catch (UwsgiProtocolException rejection)
        {
            Request.Reset();
            Refuse(rejection.Message);
            return true;
        }
        ConsumeInput(consumed);
        if (header.Modifier1 == UwsgiModifier.WsgiScriptNameStripped)
        {
            UwsgiScriptNamePrefix.StripFromPathInfo(Request.Variables);
        }
        return StartBody();
    }

    private bool StartBody()
    {
        if (_gateway.ContentLengthInvalid)
        {
            Refuse("CONTENT_LENGTH is not a decimal number");
            return true;
        }
        Request.IsHttps = _gateway.IsHttps;
        IsHeadRequest = _gateway.IsHead;
        CloseAfterResponse = true;
        _bodyRemaining = _gateway.ContentLength;
        var limit = Services.Options.LimitPost;
        if (limit > 0 && _bodyRemaining > limit)
        {
            Services.Logger.GatewayRequestRefused("uwsgi", Listener.DisplayAddress, PeerText(), string.Create(CultureInfo.InvariantCulture,
                $"CONTENT_LENGTH {_bodyRemaining} is over --limit-post {limit}; answered 413"));
            Request.Reset();
            Output.Write(HttpErrorResponses.For(413));
            CloseAfterRefusal();
            return true;
        }
        _streamBody = _bodyRemaining > 0 && Services.Application.StreamsRequestBody(Request);
        State = ConnectionState.ReadingBody;
        return true;
    }

    /// <summary>
    /// Takes the buffered body bytes: before the application runs (all of them, or for a streaming host what came with
    /// the packet) and while a streaming host runs. Nothing follows the body on a uwsgi connection.
    /// </summary>
    private bool ProcessBody()
    {
        if (_bodyRemaining > 0)
        {
            var available = (int)Math.Min(InputBuffered, _bodyRemaining);
            Request.Body.Append(BufferedInput[..available]);
            ConsumeInput(available);
            _bodyRemaining -= available;
        }
        if (State == ConnectionState.Responding)
        {
            if (_bodyRemaining > 0)
            {
                // More is needed; the pump receives it (and ends the response if the gateway stops sending).
                return false;
            }
            EndBodyArrival();
            return true;
        }
        if (_bodyRemaining > 0)
        {
            if (_streamBody && !InputClosed)
            {
                InvokeWhileBodyArrives();
                return true;
            }
            if (InputClosed)
            {
                Refuse(string.Create(CultureInfo.InvariantCulture,
                    $"the connection ended inside the body ({Request.Body.Length} of {Request.Body.Length + _bodyRemaining} CONTENT_LENGTH bytes)"));
                return true;
            }
            return false;
        }
        InvokeApplication();
        return true;
    }

    /// <summary>Logs why the request cannot be served and closes without answering (uWSGI does the same).</summary>
    private void Refuse(string reason)
    {
        Services.Logger.GatewayRequestRefused("uwsgi", Listener.DisplayAddress, PeerText(), reason);
        Request.Reset();
        CloseAfterRefusal();
    }

    private string PeerText() => Listener.IsUnix ? "unix peer" : System.Text.Encoding.ASCII.GetString(Peer.Address);
}
