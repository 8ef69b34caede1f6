namespace Gantry.Python.Wsgi;

/// <summary>The Python half of the WSGI host, run once in the _gantry module at start-up.</summary>
internal static class WsgiPythonSource
{
    /// <summary>
    /// InputStream is wsgi.input (PEP 3333 "Input and Error Streams"): its methods call C functions of the host
    /// with the request's handle, and read the body the front received in full, so they never block.
    /// FileWrapper is wsgi.file_wrapper ("Optional Platform-Specific File Handling"); when an application
    /// returns one over a regular file, sendfile_range tells the host what to hand the front to send itself
    /// (tell(), not the OS offset: a buffered file may have read ahead).
    /// </summary>
    public const string Code = """
        # The iterators of a list and a tuple: every block they give is already in hand, so the host need not send
        # each one before asking for the next (Django's HttpResponse.__iter__ is iter([content])).
        list_iterator = type(iter([]))
        tuple_iterator = type(iter(()))


        class InputStream:
            "wsgi.input: the request body, received in full by the server (reads never block)."
            __slots__ = ('_handle',)

            def __init__(self, handle):
                self._handle = handle

            def read(self, size=-1):
                return _input_read(self._handle, size)

            def readline(self, size=-1):
                return _input_readline(self._handle, size)

            def readlines(self, hint=-1):
                return _input_readlines(self._handle, hint)

            def readable(self):
                return True

            def __iter__(self):
                return self

            def __next__(self):
                line = _input_readline(self._handle, -1)
                if line:
                    return line
                raise StopIteration


        class FileWrapper:
            "wsgi.file_wrapper: the server sends a regular file itself, else reads it in blksize blocks."

            def __init__(self, filelike, blksize=8192):
                self.filelike = filelike
                self.blksize = blksize
                if hasattr(filelike, 'close'):
                    self.close = filelike.close

            def __iter__(self):
                return self

            def __next__(self):
                data = self.filelike.read(self.blksize)
                if data:
                    return data
                raise StopIteration


        def sendfile_range(wrapper):
            import os
            import stat
            filelike = wrapper.filelike
            try:
                descriptor = filelike.fileno()
                status = os.fstat(descriptor)
                if not stat.S_ISREG(status.st_mode):
                    return None
                if hasattr(filelike, 'tell'):
                    offset = filelike.tell()
                else:
                    offset = os.lseek(descriptor, 0, os.SEEK_CUR)
            except Exception:
                return None
            return descriptor, offset, max(status.st_size - offset, 0)
        """;
}
