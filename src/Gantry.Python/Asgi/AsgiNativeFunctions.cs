using System.Runtime.InteropServices;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Asgi;

/// <summary>
/// The C functions the ASGI helpers call with a request's handle (receive, send, continue, done) or a thread's index
/// (wake). They run on a loop thread holding the GIL; each catches every .NET exception and turns it into a Python
/// exception, because one escaping an [UnmanagedCallersOnly] method ends the process.
/// </summary>
internal static unsafe class AsgiNativeFunctions
{
    private static ReadOnlySpan<byte> StaleRequest => "this ASGI request is over: its receive and send work only while its app runs"u8;

    /// <summary>A request's <c>receive()</c> (self = its handle): a Ready of the message, or a coroutine that waits for one.</summary>
    [UnmanagedCallersOnly]
    public static nint Receive(nint handle, nint unused)
    {
        try
        {
            return Resolve(handle) is { } request ? request.ReceiveAwaitable() : 0;
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary>A request's <c>send(message)</c> (self = its handle): a Ready of None, or a coroutine that waits.</summary>
    [UnmanagedCallersOnly]
    public static nint SendBound(nint handle, nint message)
    {
        try
        {
            return Resolve(handle) is { } request ? request.SendAwaitable(message) : 0;
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_asgi_eager(loop)</c>: the Cycle of the request stepped eagerly on this thread, or None (current_task).</summary>
    [UnmanagedCallersOnly]
    public static nint Eager(nint module, nint loop)
    {
        try
        {
            return AsgiRequest.EagerCycle(loop);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_asgi_send(handle, message)</c>: 0 applied, 1 wait for the drain, 2 queued (see AsgiRequest.Send).</summary>
    [UnmanagedCallersOnly]
    public static nint Send(nint module, nint* arguments, nint count)
    {
        try
        {
            if (count != 2)
            {
                return CPython.Raise(CPython.PyExc_TypeError, "_asgi_send(handle, message)"u8);
            }
            if (Resolve(arguments[0]) is not { } request)
            {
                return 0;
            }
            var code = request.Send(arguments[1]);
            return code < 0 ? 0 : CPython.PyLong_FromLong(code);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_asgi_done(handle)</c>: the request's task is done (its done callback).</summary>
    [UnmanagedCallersOnly]
    public static nint TaskDone(nint module, nint handle)
    {
        try
        {
            Resolve(handle)?.OnTaskDone();
            return CPython.ErrorPending ? 0 : CPython.NewNone();
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_asgi_wake()</c>, self = the loop thread's index: the asyncio loop has work, pump it soon.</summary>
    [UnmanagedCallersOnly]
    public static nint Wake(nint self, nint unused)
    {
        try
        {
            AsgiPump.Wake((int)CPython.PyLong_AsLong(self));
            return CPython.NewNone();
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    private static AsgiRequest? Resolve(nint handle)
    {
        var value = CPython.PyLong_AsLong(handle);
        if (value == -1 && CPython.ErrorPending)
        {
            return null;
        }
        var request = AsgiRequest.Registry.Find(value);
        if (request is null)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, StaleRequest);
        }
        return request;
    }
}
