"""The legacy write() callable of PEP 3333."""


def application(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    for chunk in (b'a', b'', b'b', b'c'):
        write(chunk)
    return [b'd']


def write_text(environ, start_response):
    write = start_response('200 OK', [])
    write('text')
    return [b'never']


def write_until_gone(environ, start_response):
    write = start_response('200 OK', [])
    for _ in range(100):
        write(b'x' * 10)
    return [b'never']
