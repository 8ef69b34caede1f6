"""A minimal HTTP/1.1 client for readiness polls and body checks (no dependency, so the time
to first response is measured with a client whose own cost is a few hundred microseconds)."""
import socket
import time


def get(host, port, path="/", timeout=2.0):
    """(status, body) of one `GET path` sent with Connection: close; raises OSError when the
    server cannot be reached and ValueError when the response is not HTTP. The body ends at
    Content-Length, at the last chunk, or at EOF (uWSGI --http11-socket keeps the connection
    open despite Connection: close, so EOF alone would never come)."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        raw = b""
        while b"\r\n\r\n" not in raw:
            data = s.recv(65536)
            if not data:
                raise ValueError(f"connection closed inside the head: {raw[:80]!r}")
            raw += data
        head, _, body = raw.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1."):
            raise ValueError(f"not an HTTP response: {raw[:80]!r}")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(b":") for ln in lines[1:])}
        chunked = headers.get(b"transfer-encoding", b"").lower() == b"chunked"
        length = int(headers[b"content-length"]) if b"content-length" in headers and not chunked else None
        while not _complete(body, length, chunked):
            data = s.recv(65536)
            if not data:
                break
            body += data
    return status, (_dechunk(body) if chunked else body[:length] if length is not None else body)


def _complete(body, length, chunked):
    if length is not None:
        return len(body) >= length
    return chunked and (body.startswith(b"0\r\n") or b"\r\n0\r\n" in body) and body.endswith(b"\r\n\r\n")


def wait_for_200(host, port, path, deadline, alive, interval=0.002):
    """Poll until a 200 answer; returns the body. Raises TimeoutError at `deadline`
    (time.monotonic()) and RuntimeError as soon as alive() returns a reason (a process died)."""
    while True:
        reason = alive()
        if reason:
            raise RuntimeError(reason)
        try:
            status, body = get(host, port, path, timeout=1.0)
            if status == 200:
                return body
        except (OSError, ValueError):
            pass
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no 200 from {host}:{port}{path}")
        time.sleep(interval)


def _dechunk(body):
    # RFC 9112 section 7.1: size in hex (extensions after ';'), CRLF, data, CRLF; 0 ends.
    out = []
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        body = rest[size + 2:]
    return b"".join(out)
