"""A second file app for the app table's tests."""


def application(environ, start_response):
    body = f"second {environ['SCRIPT_NAME']!r} {environ['PATH_INFO']!r}".encode()
    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', str(len(body)))])
    return [body]
