"""A WSGI app for Gantry's functional tests: each route exercises one part of PEP 3333.

Most routes run inside wsgiref.validate.validator, with its warnings turned into errors, so any breach of the
spec by the server (or by this app) raises AssertionError or WSGIWarning: the server then answers 500 and logs a
traceback, which the tests look for. Routes under /raw/ skip the validator, because they test what it forbids
(read() without a size, a str body item) or what it hides (a file_wrapper the server should sendfile).

GANTRY_PROBE_DIR, when set, is a folder where the app records close() calls, atexit, and the requests whose query
string has record=.
"""
import atexit
import hashlib
import json
import os
import sys
import threading
import time
import warnings
from urllib.parse import parse_qs
from wsgiref.validate import WSGIWarning, validator

warnings.simplefilter("error", WSGIWarning)

RECORD_DIR = os.environ.get("GANTRY_PROBE_DIR")
MIB = 1024 * 1024
BLOCK = bytes(range(256)) * 4096  # 1 MiB of a known pattern

# A thread started at import that keeps ticking while the server waits for requests.
ticks = []


def _ticker():
    while True:
        ticks.append(time.monotonic())
        time.sleep(0.01)


threading.Thread(target=_ticker, name="probe-ticker", daemon=True).start()


def _record(name, text):
    if RECORD_DIR:
        with open(os.path.join(RECORD_DIR, name), "a", encoding="utf-8") as record:
            record.write(text + "\n")


@atexit.register
def _at_exit():
    _record("atexit", "atexit ran")


def _query(environ):
    return {key: values[-1] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}


def _json(start_response, value, status="200 OK"):
    body = json.dumps(value, sort_keys=True).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _raw_input(environ):
    # The validator wraps wsgi.input in an InputWrapper whose read() demands a size; .input is the server's object.
    stream = environ["wsgi.input"]
    return getattr(stream, "input", stream)


def environ_route(environ, start_response):
    shown = {key: value for key, value in environ.items() if isinstance(value, str)}
    shown["wsgi.version"] = list(environ["wsgi.version"])
    for key in ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once", "wsgi.input_terminated"):
        shown[key] = environ.get(key, "<missing>")
    shown["has wsgi.file_wrapper"] = callable(environ.get("wsgi.file_wrapper"))
    shown["wsgi.errors is text"] = hasattr(environ["wsgi.errors"], "write")
    environ["wsgi.errors"].write("probe: wsgi.errors works\n")
    environ["wsgi.errors"].flush()
    return _json(start_response, shown)


def input_route(environ, start_response):
    """Reads the body the way ?mode= says and answers what it read, as latin-1 text pieces."""
    query = _query(environ)
    mode = query.get("mode", "read-n")
    stream = environ["wsgi.input"]
    pieces = []
    if mode == "read-n":
        size = int(query.get("n", "5"))
        while True:
            piece = stream.read(size)
            if not piece:
                break
            pieces.append(piece)
    elif mode == "read-all":
        pieces.append(_raw_input(environ).read())
        pieces.append(_raw_input(environ).read())  # at the end: b""
    elif mode == "read-none":
        pieces.append(_raw_input(environ).read(None))
    elif mode == "read-minus-one":
        pieces.append(stream.read(-1))
    elif mode == "readline":
        while True:
            line = stream.readline()
            if not line:
                break
            pieces.append(line)
    elif mode == "readline-n":
        size = int(query.get("n", "4"))
        while True:
            line = stream.readline(size)
            if not line:
                break
            pieces.append(line)
    elif mode == "readlines":
        pieces.extend(stream.readlines())
    elif mode == "readlines-hint":
        pieces.extend(stream.readlines(int(query.get("n", "1"))))
    elif mode == "iterate":
        pieces.extend(line for line in stream)
    elif mode == "mixed":
        pieces.append(stream.read(3))
        pieces.append(stream.readline())
        pieces.extend(stream.readlines())
    else:
        raise ValueError("unknown mode " + mode)
    assert all(type(piece) is bytes for piece in pieces), [type(piece) for piece in pieces]
    return _json(start_response, {
        "pieces": [piece.decode("latin-1") for piece in pieces],
        "content_length": environ.get("CONTENT_LENGTH", "<missing>"),
    })


def upload_route(environ, start_response):
    """Hashes the body in 64 KiB reads: the server must not hold a large upload in memory for us."""
    digest = hashlib.sha256()
    stream = environ["wsgi.input"]
    length = 0
    while True:
        piece = stream.read(65536)
        if not piece:
            break
        length += len(piece)
        digest.update(piece)
    return _json(start_response, {
        "length": length,
        "sha256": digest.hexdigest(),
        "content_length": environ.get("CONTENT_LENGTH", "<missing>"),
        "input_terminated": environ.get("wsgi.input_terminated", "<missing>"),
    })


def headers_route(environ, start_response):
    return _json(start_response, {key: value for key, value in environ.items() if key.startswith("HTTP_")})


def exc_info_before_body_route(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    try:
        raise KeyError("replaced before any byte went out")
    except KeyError:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("X-Replaced", "yes")], sys.exc_info())
    return [b"the error page"]


def exc_info_after_body_route(environ, start_response):
    mib = int(_query(environ).get("mib", "0"))
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        yield b"first part went out\n"
        for _ in range(mib):
            yield BLOCK
        try:
            raise KeyError("too late to replace the headers")
        except KeyError:
            # PEP 3333: headers already sent, so start_response re-raises; the server must close the connection.
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
        yield b"never sent\n"

    return body()


def write_route(environ, start_response):
    """The legacy write() callable: ?mib= MiB in 64 KiB writes, then ?tail= returned as the iterable."""
    query = _query(environ)
    mib = int(query.get("mib", "1"))
    write = start_response("200 OK", [("Content-Type", "application/octet-stream")])
    for _ in range(mib * 16):
        write(BLOCK[:65536])
    return [query.get("tail", "").encode("ascii")]


def generator_route(environ, start_response):
    """?mib= MiB from a generator, in 1 MiB items; ?length=1 declares Content-Length."""
    query = _query(environ)
    mib = int(query.get("mib", "1"))
    headers = [("Content-Type", "application/octet-stream")]
    if query.get("length") == "1":
        headers.append(("Content-Length", str(mib * MIB)))
    start_response("200 OK", headers)
    return (BLOCK for _ in range(mib))


def handshake_route(environ, start_response):
    """Yields "first", then waits for the client to create GANTRY_PROBE_DIR/go-<token> before yielding "second".

    A server that holds the first block back until the next one (PEP 3333 forbids it) never lets the client see
    it, so the client never says go, and after 20 s the app yields "waited" instead (the same length).
    ?length=1 declares the Content-Length of both blocks.
    """
    query = _query(environ)
    go = os.path.join(RECORD_DIR, "go-" + query["token"])
    headers = [("Content-Type", "text/plain")]
    if query.get("length") == "1":
        headers.append(("Content-Length", "13"))
    start_response("200 OK", headers)

    def body():
        yield b"first\n"
        deadline = time.monotonic() + 20
        while not os.path.exists(go) and time.monotonic() < deadline:
            time.sleep(0.005)
        yield b"second\n" if os.path.exists(go) else b"waited\n"

    return body()


def framing_route(environ, start_response):
    """Three items; Content-Length only when ?length=1."""
    query = _query(environ)
    items = [b"alpha,", b"beta,", b"gamma"]
    headers = [("Content-Type", "text/plain")]
    if query.get("length") == "1":
        headers.append(("Content-Length", str(sum(map(len, items)))))
    start_response("200 OK", headers)
    return iter(items)


def error_route(environ, start_response):
    raise RuntimeError("probe-error-marker: raised before start_response")


def error_after_headers_route(environ, start_response):
    mib = int(_query(environ).get("mib", "0"))
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        yield b"partial " * 1024
        for _ in range(mib):
            yield BLOCK
        raise RuntimeError("probe-error-marker: raised after the headers went out")

    return body()


def ticks_route(environ, start_response):
    return _json(start_response, {"ticks": len(ticks)})


def status_route(environ, start_response):
    """?code= with a body (or without, for 204/304)."""
    code = int(_query(environ).get("code", "200"))
    reasons = {200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified", 404: "Not Found", 418: "I'm a teapot"}
    if code in (204, 304):
        start_response("%d %s" % (code, reasons[code]), [])
        return []
    start_response("%d %s" % (code, reasons.get(code, "Whatever")), [("Content-Type", "text/plain")])
    return [b"status %d" % code]


class RecordingBody:
    """A response iterable that records its close(): ?mib= MiB, ?name= of the record file."""

    def __init__(self, name, mib):
        self.name = name
        self.remaining = mib
        _record(name, "started")

    def __iter__(self):
        return self

    def __next__(self):
        if self.remaining <= 0:
            raise StopIteration
        self.remaining -= 1
        return BLOCK

    def close(self):
        _record(self.name, "closed")


def recording_route(environ, start_response):
    query = _query(environ)
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return RecordingBody(query.get("name", "close"), int(query.get("mib", "1")))


VALIDATED = {
    "environ": environ_route,
    "input": input_route,
    "upload": upload_route,
    "headers": headers_route,
    "exc-info-before-body": exc_info_before_body_route,
    "exc-info-after-body": exc_info_after_body_route,
    "write": write_route,
    "generator": generator_route,
    "framing": framing_route,
    "handshake": handshake_route,
    "error": error_route,
    "error-after-headers": error_after_headers_route,
    "ticks": ticks_route,
    "status": status_route,
    "recording": recording_route,
}


def raw_input_route(environ, start_response):
    return input_route(environ, start_response)


def raw_file_wrapper_route(environ, start_response):
    """Serves ?path= through wsgi.file_wrapper; the wrapped file records its close() in 'file-closed'."""
    query = _query(environ)
    path = query["path"]

    class RecordingFile:
        def __init__(self):
            self.inner = open(path, "rb")

        def read(self, size=-1):
            return self.inner.read(size)

        def fileno(self):
            return self.inner.fileno()

        def tell(self):
            return self.inner.tell()

        def seek(self, *args):
            return self.inner.seek(*args)

        def close(self):
            self.inner.close()
            _record("file-closed", "closed")

    headers = [("Content-Type", "application/octet-stream")]
    if query.get("length") == "1":
        headers.append(("Content-Length", str(os.path.getsize(path))))
    start_response("200 OK", headers)
    return environ["wsgi.file_wrapper"](RecordingFile(), 65536)


def raw_non_bytes_route(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return ["a str is not a body item"]


RAW = {
    "input": raw_input_route,
    "file-wrapper": raw_file_wrapper_route,
    "non-bytes": raw_non_bytes_route,
}

_validated = {name: validator(route) for name, route in VALIDATED.items()}


def application(environ, start_response):
    if "record=" in environ.get("QUERY_STRING", ""):
        # Bad-input tests check that a rejected request never reached the app.
        _record("requests", environ.get("PATH_INFO", "") + "?" + environ["QUERY_STRING"])
    parts = environ.get("PATH_INFO", "/").split("/")
    if len(parts) > 2 and parts[1] == "raw" and parts[2] in RAW:
        return RAW[parts[2]](environ, start_response)
    route = _validated.get(parts[1] if len(parts) > 1 else "")
    if route is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such probe route"]
    return route(environ, start_response)
