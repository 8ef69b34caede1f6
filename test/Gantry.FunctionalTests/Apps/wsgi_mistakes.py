"""Apps that break PEP 3333 in the ways real apps do. The server must answer 500 (or cut the response) and log why,
never send a malformed or injected response, and keep serving. Not under wsgiref's validator: it would stop them first."""
import io


def _plain(start_response, status="200 OK", extra=()):
    return start_response(status, [("Content-Type", "text/plain")] + list(extra))


def start_response_twice(environ, start_response):
    # PEP 3333: calling start_response again without exc_info is a fatal error.
    _plain(start_response)
    _plain(start_response, "201 Created")
    return [b"twice"]


def returns_none(environ, start_response):
    _plain(start_response)
    return None


def never_starts(environ, start_response):
    return [b"no start_response"]


def euro_header(environ, start_response):
    _plain(start_response, extra=[("X-Price", "10 \u20ac")])
    return [b"euro"]


def latin1_header(environ, start_response):
    _plain(start_response, extra=[("X-Place", "caf\u00e9")])
    return [b"latin-1"]


def header_injection(environ, start_response):
    _plain(start_response, extra=[("X-Inject", "a\r\nSet-Cookie: injected=1")])
    return [b"injected"]


def status_injection(environ, start_response):
    start_response("200 OK\r\nSet-Cookie: injected=1", [("Content-Type", "text/plain")])
    return [b"injected"]


def integer_status(environ, start_response):
    start_response(200, [("Content-Type", "text/plain")])
    return [b"int"]


def bytes_headers(environ, start_response):
    start_response("200 OK", [(b"Content-Type", b"text/plain")])
    return [b"bytes"]


def short_body(environ, start_response):
    _plain(start_response, extra=[("Content-Length", "100")])
    return [b"only ten.."]


def long_body(environ, start_response):
    _plain(start_response, extra=[("Content-Length", "5")])
    return [b"0123456789"]


def hop_by_hop(environ, start_response):
    _plain(start_response, extra=[("Transfer-Encoding", "chunked"), ("Keep-Alive", "timeout=5")])
    return [b"hop-by-hop"]


def empty_items_first(environ, start_response):
    _plain(start_response)
    return iter([b"", b"", b"after empties"])


def bytesio_file_wrapper(environ, start_response):
    # No fileno(): the server must fall back to iterating the wrapper.
    _plain(start_response)
    return environ["wsgi.file_wrapper"](io.BytesIO(b"0123456789" * 1000), 4096)


def raising_close(environ, start_response):
    class Body:
        def __iter__(self):
            return iter([b"body before a failing close"])

        def close(self):
            raise OSError("close-marker: close() failed")

    _plain(start_response)
    return Body()


ROUTES = {name.replace("_", "-"): route for name, route in list(globals().items())
          if callable(route) and not name.startswith("_") and name != "io"}


def application(environ, start_response):
    route = ROUTES.get(environ["PATH_INFO"].strip("/"))
    if route is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"routes: " + " ".join(sorted(ROUTES)).encode()]
    return route(environ, start_response)
