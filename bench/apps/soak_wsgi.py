"""The soak's app: / answers a short text; /big answers 1 MiB in 64 KiB blocks (the stalled readers ask for it)."""
BLOCK = b"x" * 65536


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/big":
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(16 * len(BLOCK)))])
        return [BLOCK] * 16
    # A Content-Length, so uWSGI's --http11-socket keeps the connection too.
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "11")])
    return [b"Hello World"]
