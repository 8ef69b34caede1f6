using System.Globalization;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Connections;
using Gantry.Server.Logging;

namespace Gantry.Server.FastCgi;

/// <summary>
/// The record loop: records are handed to the sans-IO <see cref="FastCgiRequestReader"/> one at a time, so the
/// application starts right after the record that completes its request, and a record that cannot be served stops
/// the connection before anything after it is looked at. Malformed input is logged and the connection closed.
/// </summary>
internal sealed partial class FastCgiConnection
{
    /// <inheritdoc />
    protected override bool ProcessInput()
    {
        if (State == ConnectionState.Responding && InputClosed && InputBuffered == 0)
        {
            // The web server closed the connection while the response was paused: its client is gone.
            Close();
            return false;
        }
        if (State is not (ConnectionState.ReadingRequest or ConnectionState.Responding) || InputBuffered == 0)
        {
            return false;
        }
        var buffered = BufferedInput;
        var handler = this;
        try
        {
            if (!FastCgiRecordReader.TryRead(buffered, out var header, out int size))
            {
                // Not whole yet; the reader still refuses an oversized PARAMS record from its header alone.
                _reader.Read(buffered, ref handler);
                if (InputClosed)
                {
                    Refuse(string.Create(CultureInfo.InvariantCulture, $"the connection ended inside a record ({buffered.Length} bytes of it)"));
                    return true;
                }
                return false;
            }
            if (IsRecordServed(header))
            {
                _reader.Read(buffered[..size], ref handler);
            }
            ConsumeInput(size);
        }
        catch (FastCgiProtocolException rejection)
        {
            Refuse(rejection.Message);
            return true;
        }
        if (State == ConnectionState.ReadingRequest)
        {
            if (_requestReady)
            {
                _requestReady = false;
                _streamReady = false;
                InvokeApplication();
            }
            else if (_streamReady)
            {
                _streamReady = false;
                InvokeWhileBodyArrives();
            }
        }
        return true;
    }

    /// <summary>
    /// Decides what happens to a whole record before the reader sees it: an undefined record type is answered with
    /// UNKNOWN_TYPE (§4.2, whatever its request id, so a newer web server can probe); a record for a request id that
    /// was never begun on this connection is refused. Records for the request just finished or refused go on to the
    /// reader, which ignores them (§3.3: nginx may still be sending a body the response did not wait for).
    /// </summary>
    private bool IsRecordServed(FastCgiRecordHeader header)
    {
        var type = (byte)header.Type;
        if (type is 0 or > (byte)FastCgiRecordType.UnknownType)
        {
            SealOutput();
            FastCgiRecordWriter.WriteUnknownType(Output, type);
            return false;
        }
        if (header.IsManagement || header.Type == FastCgiRecordType.BeginRequest
            || (_reader.HasActiveRequest && header.RequestId == _reader.RequestId)
            || header.RequestId == _finishedId || header.RequestId == _refusedId)
        {
            return true;
        }
        Refuse(string.Create(CultureInfo.InvariantCulture,
            $"record type {type} ({header.Type}) for request id {header.RequestId}, which was never begun on this connection"));
        return false;
    }

    /// <summary>Logs why the connection cannot go on and closes it (after what was already answered).</summary>
    private void Refuse(string reason)
    {
        Services.Logger.GatewayRequestRefused("FastCGI", Listener.DisplayAddress, PeerText(), reason);
        _requestReady = false;
        _streamReady = false;
        if (State != ConnectionState.Responding)
        {
            Request.Reset();
        }
        CloseAfterRefusal();
    }

    private string PeerText() => Listener.IsUnix ? "unix peer" : System.Text.Encoding.ASCII.GetString(Peer.Address);
}
