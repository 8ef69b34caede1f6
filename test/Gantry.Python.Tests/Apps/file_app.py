"""wsgi.file_wrapper: the path is in QUERY_STRING; /closed tells whether the last file was closed."""
import io

opened = []


def application(environ, start_response):
    path = environ['PATH_INFO']
    name = environ['QUERY_STRING']
    if path == '/closed':
        start_response('200 OK', [])
        return [str(opened[-1].closed).encode()]
    if path == '/memory':
        start_response('200 OK', [])
        return environ['wsgi.file_wrapper'](io.BytesIO(b'0123456789' * 1000), 1024)
    handle = open(name, 'rb')
    opened.append(handle)
    headers = [('Content-Type', 'application/octet-stream')]
    if path == '/offset':
        handle.read(10)
    if path == '/content-length':
        headers.append(('Content-Length', '5'))
    start_response('200 OK', headers)
    return environ['wsgi.file_wrapper'](handle, 4096)
