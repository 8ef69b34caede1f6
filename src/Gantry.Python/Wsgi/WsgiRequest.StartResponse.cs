using System.Text;
using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>start_response() and write() (PEP 3333 "The start_response() Callable").</summary>
internal sealed unsafe partial class WsgiRequest
{
    /// <summary>
    /// Validates and hands status and headers to the sink (which sends them with the first body bytes), and
    /// returns write(). With exc_info: before the head was committed it replaces status and headers; after,
    /// it re-raises exc_info. Without exc_info a second call is an error.
    /// </summary>
    public nint StartResponse(PyBorrowed handle, PyBorrowed status, PyBorrowed headers, PyBorrowed exceptionInfo)
    {
        var sink = _sink!;
        if (!exceptionInfo.IsNull)
        {
            // "Sent" in PEP 3333's sense: the first body bytes went to the sink, even if the sink still stages
            // them (it may hold a small response back to compute Content-Length).
            if (sink.HeadersCommitted || _bodyStarted)
            {
                return ReRaise(exceptionInfo);
            }
        }
        else if (_headersStarted)
        {
            return CPython.Raise(CPython.PyExc_AssertionError, "start_response() was already called: call it again only with exc_info (PEP 3333)"u8);
        }
        _headersStarted = false;
        _contentLength = -1;
        using (var statusText = WsgiLatin1Text.From(status.Pointer))
        {
            if (statusText.Problem is not null)
            {
                return CPython.Raise(CPython.PyExc_TypeError, $"WSGI status {statusText.Problem}");
            }
            var bytes = statusText.Bytes;
            if (!WsgiHeaderRules.IsValidStatus(bytes))
            {
                return CPython.Raise(CPython.PyExc_ValueError,
                    $"invalid WSGI status '{Encoding.Latin1.GetString(bytes)}': it must be a 3-digit code, a space and a reason phrase without control characters");
            }
            if (bytes.Length == 3)
            {
                // "200" alone (PEP 3333 wants "200 OK"): the status line still needs the space before the empty reason.
                Span<byte> padded = stackalloc byte[4];
                bytes.CopyTo(padded);
                padded[3] = (byte)' ';
                sink.SetStatus(padded);
            }
            else
            {
                sink.SetStatus(bytes);
            }
        }
        if (!AddHeaders(headers))
        {
            return 0;
        }
        _headersStarted = true;
        return CPython.PyCFunction_NewEx(WsgiPython.WriteDefinition, handle.Pointer, 0);
    }

    /// <summary>
    /// write(data): the bytes go out before write() returns (PEP 3333: "completely sent to the client, or buffered
    /// for transmission while the application proceeds", and this thread does not transmit while the application
    /// runs): flush, and when the client does not take them at once, wait for it to drain.
    /// </summary>
    public nint Write(PyBorrowed data)
    {
        byte* bytes;
        nint length;
        if (CPython.PyBytes_AsStringAndSize(data.Pointer, &bytes, &length) != 0)
        {
            return WsgiErrors.RaiseNotBytes("write() data", data);
        }
        if (!_headersStarted)
        {
            return CPython.Raise(CPython.PyExc_AssertionError, "write() called before start_response() succeeded (PEP 3333)"u8);
        }
        var sink = _sink!;
        if (length > 0 && (!WriteToSink(bytes, length) | !sink.Flush()) && !sink.ClientGone)
        {
            // write() must not buffer without bound: block this thread (the loop releases the GIL around the
            // wait) and refuse calls from other Python threads meanwhile, since the loop touches the sink.
            _inPython = false;
            sink.Drain();
            _inPython = true;
        }
        if (sink.ClientGone)
        {
            _clientGone = true;
            return CPython.Raise(CPython.PyExc_OSError, "write(): the client disconnected"u8);
        }
        return CPython.NewNone();
    }

    private bool AddHeaders(PyBorrowed headers)
    {
        var flags = CPython.TypeFlags(headers.Pointer);
        var isList = (flags & CPython.Py_TPFLAGS_LIST_SUBCLASS) != 0;
        if (!isList && (flags & CPython.Py_TPFLAGS_TUPLE_SUBCLASS) == 0)
        {
            CPython.Raise(CPython.PyExc_TypeError, $"WSGI response_headers must be a list of (name, value) tuples, not {WsgiErrors.TypeName(headers)}");
            return false;
        }
        var count = isList ? CPython.PyList_Size(headers.Pointer) : CPython.PyTuple_Size(headers.Pointer);
        for (nint i = 0; i < count; i++)
        {
            var header = isList ? CPython.PyList_GetItem(headers.Pointer, i) : CPython.PyTuple_GetItem(headers.Pointer, i);
            if ((CPython.TypeFlags(header) & CPython.Py_TPFLAGS_TUPLE_SUBCLASS) == 0 || CPython.PyTuple_Size(header) != 2)
            {
                CPython.Raise(CPython.PyExc_TypeError, $"WSGI response header {i} must be a (name, value) tuple, not {WsgiErrors.TypeName(new PyBorrowed(header))}");
                return false;
            }
            if (!AddHeader(CPython.PyTuple_GetItem(header, 0), CPython.PyTuple_GetItem(header, 1)))
            {
                return false;
            }
        }
        return true;
    }

    private bool AddHeader(nint nameObject, nint valueObject)
    {
        using var name = WsgiLatin1Text.From(nameObject);
        if (name.Problem is not null)
        {
            CPython.Raise(CPython.PyExc_TypeError, $"WSGI header name {name.Problem}");
            return false;
        }
        using var value = WsgiLatin1Text.From(valueObject);
        if (value.Problem is not null)
        {
            CPython.Raise(CPython.PyExc_TypeError, $"WSGI header {Encoding.Latin1.GetString(name.Bytes)}: value {value.Problem}");
            return false;
        }
        if (!WsgiHeaderRules.IsValidName(name.Bytes))
        {
            CPython.Raise(CPython.PyExc_ValueError, $"invalid WSGI header name '{Encoding.Latin1.GetString(name.Bytes)}': it must be an HTTP token (RFC 9110 §5.6.2)");
            return false;
        }
        if (!WsgiHeaderRules.IsValidValue(value.Bytes))
        {
            CPython.Raise(CPython.PyExc_ValueError, $"invalid value of WSGI header {Encoding.Latin1.GetString(name.Bytes)}: control characters (CR, LF…) are not allowed (PEP 3333)");
            return false;
        }
        var hopByHop = WsgiHeaderRules.HopByHopIndex(name.Bytes);
        if (hopByHop >= 0)
        {
            _thread.ReportHopByHopHeader(hopByHop, name.Bytes);
            return true;
        }
        if (WsgiHeaderRules.IsContentLength(name.Bytes) && WsgiHeaderRules.TryParseContentLength(value.Bytes, out var length))
        {
            _contentLength = length;
        }
        _sink!.AddHeader(name.Bytes, value.Bytes);
        return true;
    }

    private static nint ReRaise(PyBorrowed exceptionInfo)
    {
        if ((CPython.TypeFlags(exceptionInfo.Pointer) & CPython.Py_TPFLAGS_TUPLE_SUBCLASS) == 0 || CPython.PyTuple_Size(exceptionInfo.Pointer) != 3)
        {
            CPython.PyErr_Clear();
            return CPython.Raise(CPython.PyExc_TypeError, "exc_info must be the 3-tuple sys.exc_info() returns"u8);
        }
        var type = CPython.PyTuple_GetItem(exceptionInfo.Pointer, 0);
        if (type == CPython.Py_None)
        {
            return CPython.Raise(CPython.PyExc_TypeError, "start_response() got exc_info without an exception after the headers were sent"u8);
        }
        var value = CPython.PyTuple_GetItem(exceptionInfo.Pointer, 1);
        var traceback = CPython.PyTuple_GetItem(exceptionInfo.Pointer, 2);
        value = value == CPython.Py_None ? 0 : value;
        traceback = traceback == CPython.Py_None ? 0 : traceback;
        // PyErr_Restore steals the three references.
        CPython.Py_IncRef(type);
        if (value != 0)
        {
            CPython.Py_IncRef(value);
        }
        if (traceback != 0)
        {
            CPython.Py_IncRef(traceback);
        }
        CPython.PyErr_Restore(type, value, traceback);
        return 0;
    }
}
