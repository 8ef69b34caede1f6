using System.Globalization;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>
/// The benchmark's peer, measured in the same run: the hello app called from pure Python with an environ of the
/// same size (copy of the constant part + the 11 CGI variables) and a no-op start_response. Gantry's per-request
/// cost is reported as a ratio to it, since absolute times on a shared machine mean little.
/// </summary>
internal static class PythonReference
{
    private const string Code = """
        def bench_reference(count):
            import time
            count = int(count)

            def application(environ, start_response):
                start_response('200 OK', [('Content-Type', 'text/html')])
                return [b"Hello World"]

            def start_response(status, headers, exc_info=None):
                return None

            constant = {'wsgi.version': (1, 0), 'wsgi.url_scheme': 'http', 'wsgi.errors': None,
                        'wsgi.multithread': False, 'wsgi.multiprocess': False, 'wsgi.run_once': False,
                        'wsgi.file_wrapper': None, 'wsgi.input_terminated': True}
            variables = [('REQUEST_METHOD', b'GET'), ('REQUEST_URI', b'/'), ('SCRIPT_NAME', b''), ('PATH_INFO', b'/'),
                         ('QUERY_STRING', b''), ('SERVER_PROTOCOL', b'HTTP/1.1'), ('SERVER_NAME', b'localhost'),
                         ('SERVER_PORT', b'8080'), ('REMOTE_ADDR', b'127.0.0.1'), ('REMOTE_PORT', b'54321'),
                         ('HTTP_HOST', b'localhost:8080')]
            started = time.perf_counter()
            for _ in range(count):
                environ = constant.copy()
                for key, value in variables:
                    environ[key] = value.decode('latin-1')
                environ['wsgi.input'] = object()
                for chunk in application(environ, start_response):
                    len(chunk)
            return str((time.perf_counter() - started) / count * 1e6)
        """;

    /// <summary>Microseconds per call of the pure-Python reference (GIL held by the caller).</summary>
    public static double MicrosecondsPerRequest(int count)
    {
        GantryModule.Run(Code);
        using var result = StartupCalls.Call(GantryModule.Get("bench_reference"u8), count.ToString(CultureInfo.InvariantCulture));
        var text = result.IsNull ? null : PythonErrors.ToText(result.Borrow());
        return text is null ? throw new InvalidOperationException(PythonErrors.TakeTraceback()) : double.Parse(text, CultureInfo.InvariantCulture);
    }
}
