"""The WSGI application the interop tests put behind nginx (uwsgi_pass, fastcgi_pass) and serve directly.

Routes (query parameters in brackets):
  /stream [n, size, marker]  n chunks of size bytes from a generator; its close() writes marker
  /big [size]                size bytes in one block with a Content-Length
  /file [size]               size bytes through wsgi.file_wrapper (sendfile)
  /handshake [go]            yields "first", waits (20 s at most) for the file go to exist, then yields "second"
                             ("waited" if it never did)
  /cut                       yields "first", then start_response(..., exc_info) re-raises (PEP 3333): a cut response
  anything else              the environ's str values as JSON, plus the body's length and sha256
Bodies are the pattern abc...z repeated, so a test can check any byte.
"""
import hashlib
import json
import os
import sys
import tempfile
import time
from urllib.parse import parse_qs

ALPHABET = bytes(range(ord("a"), ord("z") + 1))


def pattern(size):
    return (ALPHABET * (size // 26 + 1))[:size]


class Stream:
    def __init__(self, count, size, marker):
        self.count = count
        self.chunk = pattern(size)
        self.marker = marker
        self.sent = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.sent >= self.count:
            raise StopIteration
        self.sent += 1
        return self.chunk

    def close(self):
        if self.marker:
            with open(self.marker, "w") as f:
                f.write("closed after %d of %d chunks" % (self.sent, self.count))


def handshake(go):
    yield b"first\n"
    deadline = time.monotonic() + 20
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.005)
    yield b"second\n" if os.path.exists(go) else b"waited\n"


def cut(start_response):
    yield b"first\n"
    try:
        raise KeyError("too late to replace the headers")
    except KeyError:
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
    yield b"never sent\n"


def application(environ, start_response):
    query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    path = environ.get("PATH_INFO", "")
    if path == "/stream":
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return Stream(int(query.get("n", "16")), int(query.get("size", "65536")), query.get("marker"))
    if path == "/handshake":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return handshake(query["go"])
    if path == "/cut":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return cut(start_response)
    if path == "/big":
        size = int(query.get("size", "1048576"))
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))])
        return [pattern(size)]
    if path == "/file":
        size = int(query.get("size", "1048576"))
        handle = tempfile.TemporaryFile()
        handle.write(pattern(size))
        handle.seek(0)
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))])
        return environ["wsgi.file_wrapper"](handle, 65536)
    body = environ["wsgi.input"].read()
    dump = {k: v for k, v in environ.items() if isinstance(v, str)}
    dump["x.body_length"] = str(len(body))
    dump["x.body_sha256"] = hashlib.sha256(body).hexdigest()
    dump["x.pid"] = str(os.getpid())
    out = json.dumps(dump, sort_keys=True).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
    return [out]
