"""Response iterables of every shape; close() calls are counted and reported by /closes."""
closes = {'count': 0}


class Counted:
    "An iterable whose close() PEP 3333 requires the server to call."

    def __init__(self, items, fail_at=None, close_raises=False):
        self.items = items
        self.fail_at = fail_at
        self.close_raises = close_raises

    def __iter__(self):
        for index, item in enumerate(self.items):
            if index == self.fail_at:
                raise RuntimeError('failed mid-stream')
            yield item

    def close(self):
        closes['count'] += 1
        if self.close_raises:
            raise OSError('close failed')


class InHand:
    "Django's HttpResponse: __iter__ hands out a list's iterator, close() is the response's own."

    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def close(self):
        closes['count'] += 1


def application(environ, start_response):
    path = environ['PATH_INFO']
    count = int(environ['QUERY_STRING'] or 0)
    if path == '/closes':
        start_response('200 OK', [])
        return [str(closes['count']).encode()]
    if path == '/chunks':
        start_response('200 OK', [('Content-Type', 'text/plain')])
        return Counted([b'%d,' % i for i in range(count)])
    if path == '/bytes':
        start_response('200 OK', [])
        return b'plain bytes'
    if path == '/list-iterator':
        start_response('200 OK', [])
        return InHand([b'y%d,' % i for i in range(count)])
    if path == '/tuple':
        start_response('200 OK', [])
        return (b'a', b'b', b'c')
    if path == '/list':
        start_response('200 OK', [])
        return [b'x%d,' % i for i in range(count)]
    if path == '/not-bytes':
        start_response('200 OK', [])
        return Counted([b'ok', 'text'])
    if path == '/fail-mid-stream':
        start_response('200 OK', [])
        return Counted([b'first', b'second'], fail_at=1)
    if path == '/close-raises':
        start_response('200 OK', [])
        return Counted([b'body'], close_raises=True)
    if path == '/lazy-start':
        return lazy(start_response)
    if path == '/no-start-response':
        return Counted([b'', b''])
    if path == '/body-before-start':
        return Counted([b'too early'])
    if path == '/generator':
        return generator(start_response, count)
    raise LookupError(path)


def lazy(start_response):
    yield b''
    start_response('200 OK', [('X-Lazy', '1')])
    yield b'late '
    yield b'start'


def generator(start_response, count):
    start_response('200 OK', [])
    try:
        for i in range(count):
            yield b'%d;' % i
    finally:
        closes['count'] += 1
