"""Answers with its name and the SCRIPT_NAME / PATH_INFO it received: the app table's tests mount it several times."""


def _echo(name):
    def app(environ, start_response):
        body = f"{name} {environ['SCRIPT_NAME']!r} {environ['PATH_INFO']!r}".encode()
        start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', str(len(body)))])
        return [body]
    return app


application = _echo('main')
other = _echo('other')
