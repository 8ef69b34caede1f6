using System.Text;
using Gantry.Application;
using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Python.Native;

namespace Gantry.Python.Asgi;

/// <summary>
/// A websocket scope (ASGI WebSocket spec 2.4): <c>receive</c> gives websocket.connect, then the client's messages
/// (websocket.receive with text or bytes) from the connection's <see cref="IWebSocketSession"/>, then
/// websocket.disconnect with the close code; <c>send</c> takes websocket.accept (subprotocol, headers), websocket.send,
/// websocket.close (before the accept: 403) and the denial response (websocket.http.response.start/body, answered as
/// an ordinary HTTP response). The connection owns the frames; the response lasts until the app closed or returned
/// (a close frame 1000) or raised (1011).
/// </summary>
internal sealed unsafe partial class AsgiRequest
{
    private static ReadOnlySpan<byte> Forbidden => "403 Forbidden"u8;

    private IWebSocketSession? _webSocket;
    private bool _isWebSocket;
    private bool _connectDelivered;
    private int _closeStatus = WebSocketCloseStatus.AbnormalClosure;

    /// <inheritdoc />
    public void OnWebSocketInput()
    {
        if (!_attached || !_receiveWaiting || _cycle.IsEmpty || _webSocket is null)
        {
            return;
        }
        var message = TryWebSocketMessage();
        if (message == 0)
        {
            if (CPython.ErrorPending)
            {
                AsgiLog.InternalError(_thread.Logger, Runtime.PythonErrors.TakeTraceback());
            }
            else
            {
                _webSocket.NotifyWhenInputArrives(this);
            }
            return;
        }
        _receiveWaiting = false;
        Deliver(message);
    }

    private nint ReceiveWebSocket()
    {
        if (!_connectDelivered)
        {
            _connectDelivered = true;
            return NewMessage(AsgiPython.WebSocketConnect);
        }
        if (!_attached || _webSocket is null)
        {
            return NewWebSocketDisconnect(default);
        }
        if (_webSocket.IsAccepted)
        {
            var message = TryWebSocketMessage();
            if (message != 0 || CPython.ErrorPending)
            {
                return message;
            }
            _webSocket.NotifyWhenInputArrives(this);
        }
        _receiveWaiting = true;
        return CPython.NewNone();
    }

    /// <summary>The next message from the session, or 0 when none is there (or on error, then set). Taking one lets the connection read on.</summary>
    private nint TryWebSocketMessage()
    {
        var webSocket = _webSocket!;
        var kind = webSocket.Peek(out var payload);
        if (kind == WebSocketInput.None)
        {
            return 0;
        }
        if (kind == WebSocketInput.Closed)
        {
            _closeStatus = webSocket.CloseStatus;
            return NewWebSocketDisconnect(webSocket.CloseReason);
        }
        var text = kind == WebSocketInput.Text;
        using var data = PyOwned.Steal(text ? CPython.NewUtf8String(payload) : CPython.NewBytes(payload));
        webSocket.Advance();
        if (!_inStep)
        {
            // Taken from a pumped task: the connection, pending, is resumed so that it reads the next frames.
            ContinueLater();
        }
        var message = NewMessage(AsgiPython.WebSocketReceive);
        if (data.IsNull || message == 0 || CPython.PyDict_SetItem(message, text ? AsgiPython.Text.Pointer : AsgiPython.Bytes.Pointer, data.Pointer) != 0)
        {
            DropFailed(message);
            return 0;
        }
        return message;
    }

    private nint NewWebSocketDisconnect(ReadOnlySpan<byte> reason)
    {
        var message = NewMessage(AsgiPython.WebSocketDisconnect);
        using var code = PyOwned.Steal(CPython.PyLong_FromLong(_closeStatus));
        using var text = PyOwned.Steal(CPython.NewUtf8StringReplacing(reason));
        if (message == 0 || code.IsNull || text.IsNull
            || CPython.PyDict_SetItem(message, AsgiPython.Code.Pointer, code.Pointer) != 0
            || CPython.PyDict_SetItem(message, AsgiPython.Reason.Pointer, text.Pointer) != 0)
        {
            DropFailed(message);
            return 0;
        }
        return message;
    }

    private static nint NewMessage(PyBorrowed type)
    {
        var message = CPython.PyDict_New();
        if (message == 0 || CPython.PyDict_SetItem(message, AsgiPython.Type.Pointer, type.Pointer) != 0)
        {
            DropFailed(message);
            return 0;
        }
        return message;
    }

    /// <summary>The client left: the cycle's waiting receive (and later ones) see the disconnect.</summary>
    private void CallDisconnect()
    {
        var message = NewDisconnect();
        if (message == 0)
        {
            CPython.PyErr_Clear();
            CallCycle(AsgiPython.Disconnect);
            return;
        }
        using var owned = PyOwned.Steal(message);
        using var result = PyOwned.Steal(CPython.CallMethod(_cycle.Pointer, AsgiPython.Disconnect.Pointer, message));
        if (result.IsNull)
        {
            AsgiLog.InternalError(_thread.Logger, Runtime.PythonErrors.TakeTraceback());
        }
    }

    /// <summary>
    /// True when a send made by a pumped task (outside a step of the response) may be applied at once: a message on an
    /// accepted WebSocket with nothing queued before it and no drain awaited. Its frame goes into the connection's
    /// output and the response is continued after the pump, which sends the frames of every message of that pump in
    /// one write; the app goes on without an asyncio round trip per message. Anything else is queued for the response's
    /// next step, as before.
    /// </summary>
    private bool CanSendFromTask() =>
        _isWebSocket && _webSocket is { IsAccepted: true, IsClosed: false } && !_sendsQueued && !_waitingDrain && !_drainOnResume;

    /// <summary>websocket.send from a pumped task (see <see cref="CanSendFromTask"/>); other messages are queued.</summary>
    private int SendWebSocketFromTask(nint message, ReadOnlySpan<byte> kind)
    {
        if (!kind.SequenceEqual("websocket.send"u8))
        {
            _sendsQueued = true;
            return SendQueued;
        }
        var code = SendWebSocketMessage(_webSocket!, message);
        if (code < 0)
        {
            return code;
        }
        if (!_attached)
        {
            // Sending above the mark found the client gone: the connection closed and aborted this response meanwhile.
            CPython.Raise(AsgiPython.ClientDisconnected.Pointer, "the client disconnected"u8);
            return -1;
        }
        if (code == SendWaitForDrain)
        {
            // The output is above its mark: the response's next step suspends until it drained, then the app goes on.
            _drainOnResume = true;
        }
        ContinueLater();
        return code;
    }

    private int SendWebSocket(nint message, ReadOnlySpan<byte> kind)
    {
        var webSocket = _webSocket!;
        if (kind.SequenceEqual("websocket.send"u8))
        {
            return SendWebSocketMessage(webSocket, message);
        }
        if (kind.SequenceEqual("websocket.accept"u8))
        {
            return AcceptWebSocket(webSocket, message);
        }
        if (kind.SequenceEqual("websocket.close"u8))
        {
            return CloseWebSocket(webSocket, message);
        }
        if (!webSocket.IsAccepted && kind.SequenceEqual("websocket.http.response.start"u8))
        {
            return SendStart(message);
        }
        if (!webSocket.IsAccepted && kind.SequenceEqual("websocket.http.response.body"u8))
        {
            return SendBody(message);
        }
        CPython.Raise(CPython.PyExc_RuntimeError, $"unexpected ASGI message type '{Encoding.UTF8.GetString(kind)}' for a websocket connection in this state");
        return -1;
    }

    private int AcceptWebSocket(IWebSocketSession webSocket, nint message)
    {
        if (webSocket.IsAccepted || _started)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "websocket.accept after the connection was accepted or answered"u8);
            return -1;
        }
        using (var headers = PyOwned.Steal(Item(message, AsgiPython.Headers)))
        {
            if (!headers.IsNull && headers.Pointer != CPython.Py_None && !AddHeaders(headers.Pointer))
            {
                return -1;
            }
        }
        using var subprotocol = PyOwned.Steal(Item(message, AsgiPython.Subprotocol));
        if (subprotocol.IsNull || subprotocol.Pointer == CPython.Py_None)
        {
            webSocket.Accept(default);
            return SendApplied;
        }
        if (!TryUtf8(subprotocol.Pointer, "websocket.accept's 'subprotocol' is a str or None"u8, out var text))
        {
            return -1;
        }
        webSocket.Accept(text);
        return SendApplied;
    }

    private int SendWebSocketMessage(IWebSocketSession webSocket, nint message)
    {
        if (!webSocket.IsAccepted)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "websocket.send before websocket.accept"u8);
            return -1;
        }
        if (webSocket.IsClosed)
        {
            CPython.Raise(AsgiPython.ClientDisconnected.Pointer, "the WebSocket is closed"u8);
            return -1;
        }
        using var bytes = PyOwned.Steal(Item(message, AsgiPython.Bytes));
        using var text = PyOwned.Steal(Item(message, AsgiPython.Text));
        var hasBytes = !bytes.IsNull && bytes.Pointer != CPython.Py_None;
        var hasText = !text.IsNull && text.Pointer != CPython.Py_None;
        if (hasBytes == hasText)
        {
            CPython.Raise(CPython.PyExc_ValueError, "websocket.send needs exactly one of 'bytes' and 'text'"u8);
            return -1;
        }
        ReadOnlySpan<byte> payload;
        if (hasText ? !TryUtf8(text.Pointer, "websocket.send's 'text' is a str"u8, out payload)
            : !TryBytes(bytes.Pointer, "websocket.send's 'bytes' is bytes"u8, out payload))
        {
            return -1;
        }
        if (webSocket.Send(hasText, payload))
        {
            return SendApplied;
        }
        _waitingDrain = true;
        return SendWaitForDrain;
    }

    /// <summary>websocket.close: before the accept a 403 (the spec's rejection), after it a close frame; the response is then complete.</summary>
    private int CloseWebSocket(IWebSocketSession webSocket, nint message)
    {
        if (!webSocket.IsAccepted)
        {
            if (_started)
            {
                CPython.Raise(CPython.PyExc_RuntimeError, "websocket.close after a denial response started"u8);
                return -1;
            }
            PlainTextResponse.Write(_sink!, Forbidden);
            _started = _complete = true;
            return SendApplied;
        }
        var status = WebSocketCloseStatus.NormalClosure;
        using (var code = PyOwned.Steal(Item(message, AsgiPython.Code)))
        {
            if (!code.IsNull && code.Pointer != CPython.Py_None)
            {
                status = (int)CPython.PyLong_AsLong(code.Pointer);
                if (CPython.ErrorPending)
                {
                    CPython.PyErr_Clear();
                    CPython.Raise(CPython.PyExc_TypeError, "websocket.close's 'code' is an int"u8);
                    return -1;
                }
            }
        }
        using var reason = PyOwned.Steal(Item(message, AsgiPython.Reason));
        var text = ReadOnlySpan<byte>.Empty;
        if (!reason.IsNull && reason.Pointer != CPython.Py_None && !TryUtf8(reason.Pointer, "websocket.close's 'reason' is a str"u8, out text))
        {
            return -1;
        }
        webSocket.Close(status, text);
        _closeStatus = status;
        _complete = true;
        return SendApplied;
    }

    /// <summary>The task of an accepted WebSocket ended: 1011 when it raised (traceback logged), else 1000; the response is complete.</summary>
    private ApplicationStep EndAcceptedWebSocket()
    {
        if (!_cycle.IsEmpty)
        {
            using var outcome = PyOwned.Steal(CPython.CallOne(AsgiPython.TaskOutcome.Pointer, _cycle.Pointer));
            if (outcome.IsNull)
            {
                return AfterApplicationError();
            }
        }
        _webSocket!.Close(WebSocketCloseStatus.NormalClosure, default);
        _complete = true;
        Detach();
        return ApplicationStep.Completed;
    }

    /// <summary>A str's UTF-8 (valid while the str lives), or false with a TypeError saying <paramref name="error"/>.</summary>
    private static bool TryUtf8(nint value, ReadOnlySpan<byte> error, out ReadOnlySpan<byte> text)
    {
        nint length = 0;
        var data = CPython.PyUnicode_AsUTF8AndSize(value, &length);
        text = data == null ? default : new ReadOnlySpan<byte>(data, (int)length);
        return data != null || RaiseType(error);
    }

    /// <summary>A bytes object's contents (valid while it lives), or false with a TypeError saying <paramref name="error"/>.</summary>
    private static bool TryBytes(nint value, ReadOnlySpan<byte> error, out ReadOnlySpan<byte> data)
    {
        byte* bytes;
        nint length;
        var ok = CPython.PyBytes_AsStringAndSize(value, &bytes, &length) == 0;
        data = ok ? new ReadOnlySpan<byte>(bytes, (int)length) : default;
        return ok || RaiseType(error);
    }

    private static bool RaiseType(ReadOnlySpan<byte> error)
    {
        CPython.PyErr_Clear();
        CPython.Raise(CPython.PyExc_TypeError, error);
        return false;
    }

    private void ResetWebSocket()
    {
        _webSocket = null;
        _isWebSocket = _connectDelivered = false;
        _closeStatus = WebSocketCloseStatus.AbnormalClosure;
    }
}
