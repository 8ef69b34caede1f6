"""Reports which Python serves it; importing ctypes proves libpython was loaded with RTLD_GLOBAL."""
import ctypes  # noqa: F401  (an extension module that resolves Py* symbols globally)
import json
import sys
import threading


def application(environ, start_response):
    body = json.dumps({
        'version': '%d.%d' % sys.version_info[:2],
        'executable': sys.executable,
        'prefix': sys.prefix,
        'base_prefix': sys.base_prefix,
        'main_thread': threading.current_thread() is threading.main_thread(),
        'argv': sys.argv,
        'path_info': environ['PATH_INFO'],
        'input': environ['wsgi.input'].read().decode('latin-1'),
    }).encode()
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]
