using System.Text;
using Gantry.Posix.Native;
using Gantry.Protocols.Cgi;
using Gantry.Python.Native;
using Gantry.Python.Wsgi;

namespace Gantry.Python.Asgi;

/// <summary>
/// <c>send</c> (ASGI HTTP spec 2.4, "Response Start", "Response Body"; the pathsend extension): each message goes to the
/// sink while the response is in a step; every body block with more_body leaves at once (flushed, as PEP 3333 wants
/// for WSGI's blocks), and the app waits (code 1) until the client took it when the sink could not send it all.
/// </summary>
internal sealed unsafe partial class AsgiRequest
{
    /// <summary>The message was applied; the app goes on.</summary>
    public const int SendApplied = 0;

    /// <summary>The message was applied; the app waits until the connection drained it (the cycle's waiter).</summary>
    public const int SendWaitForDrain = 1;

    /// <summary>Not in a step of the response: the cycle queues the message and the response is resumed to apply it.</summary>
    public const int SendQueued = 2;

    private bool _started;
    private bool _complete;
    private bool _messageIsDict;

    /// <summary>
    /// message[key] as a new reference, or 0 with no exception when it is absent: a dict (every framework's messages)
    /// is read with PyDict_GetItem, which raises nothing for a missing key (more_body, headers, body are optional).
    /// </summary>
    private nint Item(nint message, PyBorrowed key)
    {
        if (_messageIsDict)
        {
            var value = CPython.PyDict_GetItem(message, key.Pointer);
            if (value != 0)
            {
                CPython.Py_IncRef(value);
            }
            return value;
        }
        var item = CPython.PyObject_GetItem(message, key.Pointer);
        if (item == 0)
        {
            CPython.PyErr_Clear();
        }
        return item;
    }

    /// <summary>The send() C function: a code above, or -1 with a Python exception set.</summary>
    public int Send(nint message)
    {
        if (!_attached)
        {
            if (_clientGone)
            {
                CPython.Raise(AsgiPython.ClientDisconnected.Pointer, "the client disconnected"u8);
            }
            else
            {
                CPython.Raise(CPython.PyExc_RuntimeError, "ASGI send() after the response completed"u8);
            }
            return -1;
        }
        var fromTask = !_inStep;
        if (fromTask && !CanSendFromTask())
        {
            _sendsQueued = true;
            return SendQueued;
        }
        _messageIsDict = CPython.IsExactType(message, CPython.PyDict_Type);
        using var type = PyOwned.Steal(Item(message, AsgiPython.Type));
        nint length = 0;
        var text = type.IsNull ? null : CPython.PyUnicode_AsUTF8AndSize(type.Pointer, &length);
        if (text == null)
        {
            CPython.PyErr_Clear();
            CPython.Raise(CPython.PyExc_TypeError, "an ASGI message is a dict with a str 'type'"u8);
            return -1;
        }
        var kind = new ReadOnlySpan<byte>(text, (int)length);
        if (fromTask)
        {
            return SendWebSocketFromTask(message, kind);
        }
        if (_isWebSocket)
        {
            return SendWebSocket(message, kind);
        }
        if (kind.SequenceEqual("http.response.body"u8))
        {
            return SendBody(message);
        }
        if (kind.SequenceEqual("http.response.start"u8))
        {
            return SendStart(message);
        }
        if (kind.SequenceEqual("http.response.pathsend"u8))
        {
            return SendPath(message);
        }
        if (kind.SequenceEqual("http.response.zerocopysend"u8))
        {
            return SendZeroCopy(message);
        }

        CPython.Raise(CPython.PyExc_RuntimeError, $"unexpected ASGI message type '{Encoding.UTF8.GetString(kind)}' for an http connection");
        return -1;
    }

    private int SendStart(nint message)
    {
        if (_started)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "expected ASGI message 'http.response.body', but got 'http.response.start'"u8);
            return -1;
        }
        using var status = PyOwned.Steal(Item(message, AsgiPython.Status));
        var code = status.IsNull ? -1 : CPython.PyLong_AsLong(status.Pointer);
        if (code < 100 || code > 999)
        {
            CPython.PyErr_Clear();
            CPython.Raise(CPython.PyExc_ValueError, "http.response.start needs an int 'status' from 100 to 999"u8);
            return -1;
        }
        Span<byte> line = stackalloc byte[64];
        var phrase = CgiReasonPhrases.Get((int)code);
        System.Buffers.Text.Utf8Formatter.TryFormat(code, line, out var written);
        line[written++] = (byte)' ';
        var take = Math.Min(phrase.Length, line.Length - written);
        phrase[..take].CopyTo(line[written..]);
        _sink!.SetStatus(line[..(written + take)]);
        using var headers = PyOwned.Steal(Item(message, AsgiPython.Headers));
        if (headers.IsNull)
        {
            CPython.PyErr_Clear();
        }
        else if (!AddHeaders(headers.Pointer))
        {
            return -1;
        }
        _started = true;
        return SendApplied;
    }

    private bool AddHeaders(nint headers)
    {
        if (CPython.IsExactType(headers, CPython.PyList_Type))
        {
            // Every framework's headers: a list, read with borrowed items (no Python code runs while it is read).
            var count = CPython.PyList_Size(headers);
            for (nint i = 0; i < count; i++)
            {
                if (!AddHeader(CPython.PyList_GetItem(headers, i)))
                {
                    return false;
                }
            }
            return true;
        }
        using var iterator = PyOwned.Steal(CPython.PyObject_GetIter(headers));
        if (iterator.IsNull)
        {
            return false;
        }
        while (true)
        {
            using var pair = PyOwned.Steal(CPython.PyIter_Next(iterator.Pointer));
            if (pair.IsNull)
            {
                return !CPython.ErrorPending;
            }
            if (!AddHeader(pair.Pointer))
            {
                return false;
            }
        }
    }

    /// <summary>One [name, value] pair of bytes: a 2-tuple is read with borrowed items, any other sequence item by item.</summary>
    private bool AddHeader(nint pair)
    {
        nint name, value;
        var owned = CPython.PyTuple_Size(pair) != 2;
        if (!owned)
        {
            name = CPython.PyTuple_GetItem(pair, 0);
            value = CPython.PyTuple_GetItem(pair, 1);
        }
        else
        {
            CPython.PyErr_Clear();
            name = CPython.PySequence_GetItem(pair, 0);
            value = name == 0 ? 0 : CPython.PySequence_GetItem(pair, 1);
        }
        try
        {
            byte* nameBytes, valueBytes;
            nint nameLength, valueLength;
            if (value == 0 || CPython.PyBytes_AsStringAndSize(name, &nameBytes, &nameLength) != 0
                || CPython.PyBytes_AsStringAndSize(value, &valueBytes, &valueLength) != 0)
            {
                CPython.PyErr_Clear();
                CPython.Raise(CPython.PyExc_TypeError, "ASGI response headers are [name, value] pairs of bytes"u8);
                return false;
            }
            var headerName = new ReadOnlySpan<byte>(nameBytes, (int)nameLength);
            var headerValue = new ReadOnlySpan<byte>(valueBytes, (int)valueLength);
            if (!WsgiHeaderRules.IsValidName(headerName) || !WsgiHeaderRules.IsValidValue(headerValue))
            {
                CPython.Raise(CPython.PyExc_ValueError, "invalid ASGI response header (a name must be a token, a value must hold no control characters)"u8);
                return false;
            }
            if (WsgiHeaderRules.HopByHopIndex(headerName) < 0)
            {
                _sink!.AddHeader(headerName, headerValue);
            }
            return true;
        }
        finally
        {
            if (owned)
            {
                if (name != 0)
                {
                    CPython.Py_DecRef(name);
                }
                if (value != 0)
                {
                    CPython.Py_DecRef(value);
                }
            }
        }
    }

    private int SendBody(nint message)
    {
        if (!_started)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "expected ASGI message 'http.response.start', but got 'http.response.body'"u8);
            return -1;
        }
        if (_complete)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "ASGI send() after the response completed"u8);
            return -1;
        }
        var more = false;
        using (var moreBody = PyOwned.Steal(Item(message, AsgiPython.MoreBody)))
        {
            if (moreBody.IsNull)
            {
                CPython.PyErr_Clear();
            }
            else
            {
                more = CPython.PyObject_IsTrue(moreBody.Pointer) == 1;
            }
        }
        var accepted = true;
        using (var body = PyOwned.Steal(Item(message, AsgiPython.Body)))
        {
            if (body.IsNull)
            {
                CPython.PyErr_Clear();
            }
            else
            {
                byte* data;
                nint length;
                if (CPython.PyBytes_AsStringAndSize(body.Pointer, &data, &length) != 0)
                {
                    CPython.PyErr_Clear();
                    CPython.Raise(CPython.PyExc_TypeError, "the 'body' of http.response.body must be bytes"u8);
                    return -1;
                }
                if (length > 0)
                {
                    accepted = _sink!.Write(new ReadOnlySpan<byte>(data, (int)length));
                }
            }
        }
        if (!more)
        {
            _complete = true;
            return SendApplied;
        }
        var flushed = _sink!.Flush();
        if (_sink.ClientGone)
        {
            CPython.Raise(AsgiPython.ClientDisconnected.Pointer, "the client disconnected"u8);
            return -1;
        }
        if (!accepted || !flushed)
        {
            _waitingDrain = true;
            return SendWaitForDrain;
        }
        return SendApplied;
    }

    /// <summary>http.response.pathsend: the front sends the file itself (sendfile), then the response is complete.</summary>
    private int SendPath(nint message)
    {
        if (!_started)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, "expected ASGI message 'http.response.start', but got 'http.response.pathsend'"u8);
            return -1;
        }
        using var path = PyOwned.Steal(Item(message, AsgiPython.Path));
        var text = path.IsNull ? null : Runtime.PythonErrors.ToText(path.Borrow());
        if (text is null || !System.IO.Path.IsPathRooted(text))
        {
            CPython.PyErr_Clear();
            CPython.Raise(CPython.PyExc_ValueError, "http.response.pathsend needs an absolute str 'path'"u8);
            return -1;
        }
        var descriptor = LibC.open(text, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (descriptor < 0)
        {
            CPython.Raise(CPython.PyExc_OSError, $"cannot open {text} for http.response.pathsend (errno {LibC.Errno})");
            return -1;
        }
        long size;
        try
        {
            size = new FileInfo(text).Length;
        }
        catch (IOException exception)
        {
            LibC.close(descriptor);
            CPython.Raise(CPython.PyExc_OSError, exception.Message);
            return -1;
        }
        _file = descriptor;
        _complete = true;
        if (size > 0)
        {
            _sink!.WriteFile(descriptor, 0, size);
            _fileQueued = true;
        }
        return SendApplied;
    }

    /// <summary>
    /// http.response.zerocopysend (asgiref's extension): <c>file</c> (an object with fileno()) is sent with sendfile from
    /// <c>offset</c> (default: the file's current position) for <c>count</c> bytes (default: to its end). The descriptor is
    /// duplicated, so the app may close its file once the send returned. With more_body the app waits until the bytes left.
    /// </summary>
    private int SendZeroCopy(nint message)
    {
        if (!_started || _complete)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, _started
                ? "ASGI send() after the response completed"u8
                : "expected ASGI message 'http.response.start', but got 'http.response.zerocopysend'"u8);
            return -1;
        }
        using var file = PyOwned.Steal(Item(message, AsgiPython.File));
        using var number = PyOwned.Steal(file.IsNull ? 0 : CPython.CallMethod(file.Pointer, AsgiPython.Fileno.Pointer));
        var fd = number.IsNull ? -1 : CPython.PyLong_AsLong(number.Pointer);
        if (fd < 0)
        {
            CPython.PyErr_Clear();
            CPython.Raise(CPython.PyExc_ValueError, "http.response.zerocopysend needs a 'file' with a fileno()"u8);
            return -1;
        }
        long offset, count = -1;
        if (!OptionalLong(message, AsgiPython.Offset, out var givenOffset) || !OptionalLong(message, AsgiPython.Count, out var givenCount))
        {
            return -1;
        }
        offset = givenOffset ?? LibC.lseek((int)fd, 0, LibC.SEEK_CUR);
        if (offset < 0 || givenCount < 0)
        {
            CPython.Raise(CPython.PyExc_ValueError, "http.response.zerocopysend: 'offset' and 'count' are not negative, and the file must be seekable"u8);
            return -1;
        }
        count = givenCount ?? -1;
        var more = false;
        using (var moreBody = PyOwned.Steal(Item(message, AsgiPython.MoreBody)))
        {
            more = !moreBody.IsNull && CPython.PyObject_IsTrue(moreBody.Pointer) == 1;
        }
        var copy = LibC.fcntl((int)fd, LibC.F_DUPFD_CLOEXEC, 0);
        if (copy < 0)
        {
            CPython.Raise(CPython.PyExc_OSError, $"cannot duplicate descriptor {fd} for http.response.zerocopysend (errno {LibC.Errno})");
            return -1;
        }
        if (_file >= 0)
        {
            LibC.close(_file);
        }
        _file = copy;
        var sent = _sink!.WriteFile(copy, offset, count);
        if (!more)
        {
            _complete = true;
            _fileQueued = !sent;
            return SendApplied;
        }
        if (_sink.ClientGone)
        {
            CPython.Raise(AsgiPython.ClientDisconnected.Pointer, "the client disconnected"u8);
            return -1;
        }
        if (!sent)
        {
            _waitingDrain = true;
            return SendWaitForDrain;
        }
        LibC.close(_file);
        _file = -1;
        return SendApplied;
    }

    /// <summary>message[key] as an int when present (null when absent or None); false with a Python error when it is not one.</summary>
    private bool OptionalLong(nint message, PyBorrowed key, out long? value)
    {
        value = null;
        using var item = PyOwned.Steal(Item(message, key));
        if (item.IsNull || item.Pointer == CPython.Py_None)
        {
            return true;
        }
        var number = CPython.PyLong_AsLong(item.Pointer);
        if (number == -1 && CPython.ErrorPending)
        {
            CPython.PyErr_Clear();
            CPython.Raise(CPython.PyExc_TypeError, "http.response.zerocopysend: 'offset' and 'count' are ints"u8);
            return false;
        }
        value = number;
        return true;
    }
}
