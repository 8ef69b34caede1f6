"""Applications that fail in different places."""


def before_start_response(environ, start_response):
    return 1 / 0


def after_start_response(environ, start_response):
    start_response('200 OK', [])
    raise KeyError('after start_response')


def not_iterable(environ, start_response):
    start_response('200 OK', [])
    return 42


def fine(environ, start_response):
    start_response('200 OK', [])
    return [b'fine']
