"""The hello app of the performance checks (PEP 3333's minimal application)."""


def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/html')])
    return [b"Hello World"]
