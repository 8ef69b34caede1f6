using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Wsgi;

/// <summary>Walking the application's return value into the sink (PEP 3333 "Buffering and Streaming").</summary>
internal sealed unsafe partial class WsgiRequest
{
    private ApplicationStep BeginResponse()
    {
        var result = _result.Pointer;
        var type = CPython.PyObject_Type(result);
        CPython.Py_DecRef(type);
        if (type == CPython.PyList_Type)
        {
            _shape = WsgiResponseShape.List;
        }
        else if (type == CPython.PyTuple_Type)
        {
            _shape = WsgiResponseShape.Tuple;
        }
        else if (type == WsgiPython.FileWrapperType.Pointer && TryQueueFile(out var queued))
        {
            return queued;
        }
        else if ((CPython.PyType_GetFlags(type) & CPython.Py_TPFLAGS_BYTES_SUBCLASS) != 0)
        {
            // Not PEP 3333 (bytes iterate as ints), but uWSGI sends a bytes result as the body, and apps rely on it.
            _shape = WsgiResponseShape.Bytes;
            return TryWriteItem(result, out _) ? Complete() : Fail();
        }
        else
        {
            _inPython = true;
            var iterator = CPython.PyObject_GetIter(result);
            _inPython = false;
            if (iterator == 0)
            {
                return Fail();
            }
            _iterator.Adopt(iterator);
            var iteratorType = CPython.PyObject_Type(iterator);
            CPython.Py_DecRef(iteratorType);
            _shape = iteratorType == WsgiPython.ListIteratorType.Pointer || iteratorType == WsgiPython.TupleIteratorType.Pointer
                ? WsgiResponseShape.InHandIterator
                : WsgiResponseShape.Iterator;
        }
        _position = 0;
        return Produce();
    }

    private ApplicationStep Produce() => _shape switch
    {
        WsgiResponseShape.List or WsgiResponseShape.Tuple => ProduceSequence(),
        WsgiResponseShape.Iterator or WsgiResponseShape.InHandIterator => ProduceIterator(),
        _ => Complete(), // File: resumed once the front sent the range.
    };

    private ApplicationStep ProduceSequence()
    {
        var sequence = _result.Pointer;
        var isList = _shape == WsgiResponseShape.List;
        while (true)
        {
            var count = isList ? CPython.PyList_Size(sequence) : CPython.PyTuple_Size(sequence);
            if (_position >= count)
            {
                return Complete();
            }
            var item = isList ? CPython.PyList_GetItem(sequence, _position) : CPython.PyTuple_GetItem(sequence, _position);
            _position++;
            if (!TryWriteItem(item, out var paused))
            {
                return Fail();
            }
            if (paused && _position < count)
            {
                return ApplicationStep.Suspended;
            }
        }
    }

    private ApplicationStep ProduceIterator()
    {
        while (true)
        {
            _inPython = true;
            var next = CPython.PyIter_Next(_iterator.Pointer);
            _inPython = false;
            if (next == 0)
            {
                return CPython.PyErr_Occurred() != 0 ? Fail() : Complete();
            }
            using var item = PyOwned.Steal(next);
            if (!TryWriteItem(item.Pointer, out var paused))
            {
                return Fail();
            }
            if (paused)
            {
                return ApplicationStep.Suspended;
            }
        }
    }

    /// <summary>
    /// Writes one body item. False when the response must fail (a Python error is set, or the client is gone).
    /// <paramref name="paused"/> reports the sink's high-water mark or, for a streamed block, output not all sent yet.
    /// </summary>
    private bool TryWriteItem(nint item, out bool paused)
    {
        paused = false;
        byte* data;
        nint length;
        if (CPython.PyBytes_AsStringAndSize(item, &data, &length) != 0)
        {
            WsgiErrors.RaiseNotBytes("response iterable items", new PyBorrowed(item));
            return false;
        }
        if (length == 0)
        {
            return true;
        }
        if (!_headersStarted)
        {
            CPython.Raise(CPython.PyExc_AssertionError, "start_response() must be called before the response yields body bytes (PEP 3333)"u8);
            return false;
        }
        paused = !WriteToSink(data, length);
        if (_shape == WsgiResponseShape.Iterator)
        {
            // PEP 3333 "Buffering and Streaming": a yielded block leaves before the next is asked for (a generator
            // may sleep or wait for something first), so it is flushed and the producer pauses until all of it left.
            // Lists, tuples and their iterators run no application code between blocks: those are staged whole.
            paused |= !_sink!.Flush();
        }
        if (_sink!.ClientGone)
        {
            _clientGone = true;
            return false;
        }
        return true;
    }

    private bool WriteToSink(byte* data, nint length)
    {
        _bodyStarted = true;
        var accepted = true;
        while (length > 0)
        {
            var chunk = (int)Math.Min(length, int.MaxValue);
            accepted = _sink!.Write(new ReadOnlySpan<byte>(data, chunk));
            data += chunk;
            length -= chunk;
        }
        return accepted;
    }

    /// <summary>
    /// wsgi.file_wrapper over a regular file: hand the front (fd, offset = the file's position, count = what is
    /// left, or Content-Length if the app set one) and pause until it was sent; the file's close() runs then.
    /// </summary>
    private bool TryQueueFile(out ApplicationStep step)
    {
        step = ApplicationStep.Completed;
        if (!_headersStarted)
        {
            return false;
        }
        using var arguments = PyOwned.Steal(CPython.PyTuple_New(1));
        CPython.Py_IncRef(_result.Pointer);
        CPython.PyTuple_SetItem(arguments.Pointer, 0, _result.Pointer);
        _inPython = true;
        using var range = PyOwned.Steal(CPython.PyObject_CallObject(WsgiPython.SendfileRange.Pointer, arguments.Pointer));
        _inPython = false;
        if (range.IsNull || range.Pointer == CPython.Py_None)
        {
            CPython.PyErr_Clear();
            return false;
        }
        var descriptor = (int)CPython.PyLong_AsLong(CPython.PyTuple_GetItem(range.Pointer, 0));
        var offset = CPython.PyLong_AsLong(CPython.PyTuple_GetItem(range.Pointer, 1));
        var remaining = CPython.PyLong_AsLong(CPython.PyTuple_GetItem(range.Pointer, 2));
        var count = _contentLength >= 0 ? Math.Min(_contentLength, remaining) : remaining;
        _shape = WsgiResponseShape.File;
        if (count <= 0)
        {
            step = Complete();
            return true;
        }
        _bodyStarted = true;
        _sink!.WriteFile(descriptor, offset, count);
        step = _sink.ClientGone ? Fail() : ApplicationStep.Suspended;
        return true;
    }

    private ApplicationStep Complete()
    {
        if (!_headersStarted)
        {
            CPython.Raise(CPython.PyExc_AssertionError, "the application returned without calling start_response() (PEP 3333)"u8);
            return Fail();
        }
        CloseResult();
        Finish();
        return ApplicationStep.Completed;
    }

    /// <summary>Logs the pending error (the client going away is not one), closes the iterable, frees the slot.</summary>
    private ApplicationStep Fail()
    {
        if (_clientGone)
        {
            CPython.PyErr_Clear();
            PythonLog.ClientGone(_thread.Logger);
        }
        else
        {
            WsgiErrors.LogApplicationError(_thread.Logger, _context);
        }
        CloseResult();
        Finish();
        return ApplicationStep.Failed;
    }

    /// <summary>PEP 3333: the server calls the iterable's close(), if it has one, however the response ended.</summary>
    private void CloseResult()
    {
        if (_result.IsEmpty || _shape is WsgiResponseShape.List or WsgiResponseShape.Tuple or WsgiResponseShape.Bytes)
        {
            return;
        }
        _inPython = true;
        using var close = PyOwned.Steal(CPython.PyObject_GetAttr(_result.Pointer, WsgiPython.CloseName.Pointer));
        if (close.IsNull)
        {
            CPython.PyErr_Clear();
        }
        else
        {
            using var closed = PyOwned.Steal(CPython.PyObject_CallObject(close.Pointer, 0));
            if (closed.IsNull)
            {
                PythonLog.CloseFailed(_thread.Logger, PythonErrors.TakeTraceback());
            }
        }
        _inPython = false;
    }
}
