"""start_response rules of PEP 3333; each callable answers what happened as its body."""
import sys


def replace_before_commit(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain'), ('X-First', '1')])
    try:
        raise ValueError('boom')
    except ValueError:
        start_response('500 Internal Server Error', [('Content-Type', 'text/plain'), ('X-Error', '1')], sys.exc_info())
    return [b'error page']


def reraise_after_commit(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'partial')
    try:
        raise ValueError('late')
    except ValueError:
        info = sys.exc_info()
    try:
        start_response('500 Internal Server Error', [], info)
        return [b'not raised']
    except ValueError as error:
        return [b' reraised' if error is info[1] else b' other']


def reraise_escapes(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'partial')
    try:
        raise KeyError('escaped')
    except KeyError:
        start_response('500 Internal Server Error', [], sys.exc_info())
    return [b'never']


def twice_without_exc_info(environ, start_response):
    start_response('200 OK', [])
    try:
        start_response('201 Created', [])
        return [b'accepted']
    except AssertionError:
        return [b'refused']


def keyword_exc_info(environ, start_response):
    start_response(status='200 OK', response_headers=[('X-A', '1')])
    try:
        raise ValueError('x')
    except ValueError:
        start_response('404 Not Found', [('X-B', '2')], exc_info=sys.exc_info())
    return [b'keywords']


CASES = {
    'status-no-space': ('200OK', []),
    'status-letters': ('abc', []),
    'status-short': ('20 OK', []),
    'status-crlf': ('200 OK\r\n', []),
    'status-bytes': (b'200 OK', []),
    'status-bare-code': ('204', []),
    'header-name-space': ('200 OK', [('Bad Name', 'x')]),
    'header-value-newline': ('200 OK', [('X-A', 'a\nb')]),
    'header-value-latin1': ('200 OK', [('X-A', 'caf\u00e9')]),
    'header-value-euro': ('200 OK', [('X-A', '\u20ac')]),
    'header-bytes': ('200 OK', [(b'X-A', b'1')]),
    'header-triple': ('200 OK', [('X-A', '1', '2')]),
    'headers-dict': ('200 OK', {'X-A': '1'}),
    'headers-tuple': ('200 OK', (('X-A', '1'),)),
    'hop-by-hop': ('200 OK', [('Connection', 'close'), ('Transfer-Encoding', 'chunked'), ('X-Kept', '1')]),
    'content-length': ('200 OK', [('Content-Length', '2')]),
}


def validation(environ, start_response):
    status, headers = CASES[environ['QUERY_STRING']]
    try:
        start_response(status, headers)
    except Exception as error:
        start_response('200 OK', [('X-Outcome', type(error).__name__)])
        return [str(error).encode()]
    return [b'ok']
