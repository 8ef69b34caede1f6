"""The fault tests' app: /segv crashes inside a C function (ctypes reading address 0, as a broken C extension would);
anything else answers the worker's pid."""
import ctypes
import os


def crash_in_c_extension():
    return ctypes.string_at(0)


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/segv":
        crash_in_c_extension()
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
