using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>Argument binding for the C functions (vectorcall layout: positional values, then keyword values).</summary>
internal static unsafe class WsgiArguments
{
    /// <summary>
    /// Binds start_response(status, response_headers, exc_info=None); keyword names as wsgiref's reference
    /// implementation spells them. False with TypeError set on a wrong call.
    /// </summary>
    public static bool TryBindStartResponse(
        nint* arguments, nint count, nint keywordNames, out PyBorrowed status, out PyBorrowed headers, out PyBorrowed exceptionInfo)
    {
        nint statusValue = count > 0 ? arguments[0] : 0;
        nint headersValue = count > 1 ? arguments[1] : 0;
        nint exceptionValue = count > 2 ? arguments[2] : 0;
        status = headers = exceptionInfo = default;
        if (count > 3)
        {
            CPython.Raise(CPython.PyExc_TypeError, "start_response() takes at most 3 arguments (status, response_headers, exc_info)"u8);
            return false;
        }
        var keywordCount = keywordNames == 0 ? 0 : CPython.PyTuple_Size(keywordNames);
        for (nint i = 0; i < keywordCount; i++)
        {
            nint length;
            var name = CPython.PyUnicode_AsUTF8AndSize(CPython.PyTuple_GetItem(keywordNames, i), &length);
            var text = new ReadOnlySpan<byte>(name, (int)length);
            var value = arguments[count + i];
            if (text.SequenceEqual("status"u8) && statusValue == 0)
            {
                statusValue = value;
            }
            else if ((text.SequenceEqual("response_headers"u8) || text.SequenceEqual("headers"u8)) && headersValue == 0)
            {
                headersValue = value;
            }
            else if (text.SequenceEqual("exc_info"u8) && exceptionValue == 0)
            {
                exceptionValue = value;
            }
            else
            {
                CPython.Raise(CPython.PyExc_TypeError, "start_response() got an unexpected or repeated keyword argument"u8);
                return false;
            }
        }
        if (statusValue == 0 || headersValue == 0)
        {
            CPython.Raise(CPython.PyExc_TypeError, "start_response() needs status and response_headers"u8);
            return false;
        }
        status = new PyBorrowed(statusValue);
        headers = new PyBorrowed(headersValue);
        exceptionInfo = new PyBorrowed(exceptionValue == CPython.Py_None ? 0 : exceptionValue);
        return true;
    }

    /// <summary>A read size: an int (anything with __index__; huge values clip), or None for "all"; negative means all.</summary>
    public static bool TryGetSize(nint value, out long size)
    {
        if (value == CPython.Py_None)
        {
            size = -1;
            return true;
        }
        size = CPython.PyNumber_AsSsize_t(value, 0);
        return !(size == -1 && CPython.PyErr_Occurred() != 0);
    }
}
