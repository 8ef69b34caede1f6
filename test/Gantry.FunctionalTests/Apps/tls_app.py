"""A WSGI app for the HTTPS tests: what the request looked like, and a stream that counts the blocks it produced.

/            JSON: wsgi.url_scheme, HTTPS, SERVER_PROTOCOL, PATH_INFO, QUERY_STRING, the body's length and sha256
/stream      an endless generator of 64 KiB blocks (backpressure: it must not run ahead of a client that stops reading)
/produced    how many /stream blocks were produced so far in this process
/static-like a 3 MiB body from a file through wsgi.file_wrapper
/digest      reads wsgi.input in 64 KiB blocks: JSON length, sha256, the most bytes one read() returned
"""
import hashlib
import json
import os
import tempfile

produced = [0]
BLOCK = b"s" * 65536
BIG_FILE = os.path.join(tempfile.gettempdir(), "gantry-tls-test-%d.bin" % os.getpid())
with open(BIG_FILE, "wb") as f:
    f.write(bytes(range(256)) * (3 * 4096))


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/stream":
        def blocks():
            while True:
                produced[0] += 1
                yield BLOCK
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return blocks()
    if path == "/produced":
        body = str(produced[0]).encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
    if path == "/file":
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(os.path.getsize(BIG_FILE)))])
        return environ["wsgi.file_wrapper"](open(BIG_FILE, "rb"))
    if path == "/digest":
        digest, length, largest = hashlib.sha256(), 0, 0
        while True:
            block = environ["wsgi.input"].read(65536)
            if not block:
                break
            digest.update(block)
            length += len(block)
            largest = max(largest, len(block))
        body = json.dumps({"length": length, "sha256": digest.hexdigest(), "largest": largest}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    data = environ["wsgi.input"].read()
    body = json.dumps({
        "scheme": environ["wsgi.url_scheme"],
        "https": environ.get("HTTPS"),
        "protocol": environ["SERVER_PROTOCOL"],
        "path": path,
        "query": environ.get("QUERY_STRING"),
        "length": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pid": os.getpid(),
        "host": environ.get("HTTP_HOST"),
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
