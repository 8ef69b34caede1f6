using Gantry.Python.Native;

namespace Gantry.Python.Asgi;

/// <summary>
/// <c>receive</c> (ASGI HTTP spec 2.4, "Request", "Disconnect"): http.request messages from the body as it arrives (the
/// host streams request bodies: <c>more_body</c> is true until its end), then, once the body was all given, nothing
/// until the response completed or the client left: http.disconnect.
/// </summary>
internal sealed unsafe partial class AsgiRequest
{
    private bool _receiveWaiting;
    private bool _bodyDone;

    /// <summary>The receive() C function: a message (new reference), None for "wait" (the cycle's future), 0 on error.</summary>
    public nint Receive()
    {
        if (_isWebSocket)
        {
            return ReceiveWebSocket();
        }
        if (!_attached)
        {
            return NewDisconnect();
        }
        if (!_bodyDone)
        {
            var message = TryBodyMessage();
            if (message != 0 || CPython.ErrorPending)
            {
                return message;
            }
            _context!.Body.NotifyWhenMoreArrives(this);
        }
        _receiveWaiting = true;
        return CPython.NewNone();
    }

    /// <inheritdoc />
    public void OnRequestBodyData()
    {
        if (!_attached || !_receiveWaiting || _bodyDone || _cycle.IsEmpty)
        {
            return;
        }
        var message = TryBodyMessage();
        if (message == 0)
        {
            if (CPython.ErrorPending)
            {
                AsgiLog.InternalError(_thread.Logger, Runtime.PythonErrors.TakeTraceback());
            }
            else
            {
                _context!.Body.NotifyWhenMoreArrives(this);
            }
            return;
        }
        _receiveWaiting = false;
        Deliver(message);
    }

    /// <summary>The next http.request from what arrived, or 0 when nothing did yet (or on error, then set).</summary>
    private nint TryBodyMessage()
    {
        var body = _context!.Body;
        var available = body.Peek();
        if (available.IsEmpty && !body.IsComplete)
        {
            return 0;
        }
        using var bytes = PyOwned.Steal(available.IsEmpty ? 0 : CPython.NewBytes(available));
        body.Advance(available.Length);
        var more = !body.IsComplete || body.Remaining > 0;
        _bodyDone = !more;
        // A copy of {'type': 'http.request', 'body': b'', 'more_body': False}, its values replaced in place when they differ.
        var message = CPython.PyDict_Copy(AsgiPython.RequestTemplate.Pointer);
        if (message == 0 || (!available.IsEmpty && (bytes.IsNull || CPython.PyDict_SetItem(message, AsgiPython.Body.Pointer, bytes.Pointer) != 0))
            || (more && CPython.PyDict_SetItem(message, AsgiPython.MoreBody.Pointer, CPython.Py_True) != 0))
        {
            DropFailed(message);
            return 0;
        }
        return message;
    }

    private void DeliverDisconnect()
    {
        var message = NewDisconnect();
        if (message != 0)
        {
            Deliver(message);
        }
        else
        {
            CPython.PyErr_Clear();
        }
    }

    /// <summary>Resolves the cycle's waiting receive with <paramref name="message"/> (a new reference this call consumes).</summary>
    private void Deliver(nint message)
    {
        using var owned = PyOwned.Steal(message);
        using var result = PyOwned.Steal(CPython.CallMethod(_cycle.Pointer, AsgiPython.Deliver.Pointer, message));
        if (result.IsNull)
        {
            AsgiLog.InternalError(_thread.Logger, Runtime.PythonErrors.TakeTraceback());
        }
    }

    private nint NewDisconnect()
    {
        if (_isWebSocket)
        {
            return NewWebSocketDisconnect(default);
        }
        var message = CPython.PyDict_New();
        if (message == 0 || CPython.PyDict_SetItem(message, AsgiPython.Type.Pointer, AsgiPython.HttpDisconnect.Pointer) != 0)
        {
            DropFailed(message);
            return 0;
        }
        return message;
    }

    private static void DropFailed(nint message)
    {
        if (message != 0)
        {
            CPython.Py_DecRef(message);
        }
    }
}
