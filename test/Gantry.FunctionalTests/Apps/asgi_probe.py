"""A raw ASGI 3 app with one route per feature the ASGI host must honour (HTTP spec 2.4, lifespan 2.0).
Run: gantry --http 127.0.0.1:0 --asgi asgi_probe:app, with GANTRY_PROBE_DIR naming a folder for record files."""
import asyncio
import json
import os
import threading
from urllib.parse import parse_qs

RECORDS = os.environ.get("GANTRY_PROBE_DIR", "/tmp")


def record(name, line):
    with open(os.path.join(RECORDS, name), "a") as f:
        f.write(line + "\n")


def query(scope):
    return {k: v[0] for k, v in parse_qs(scope["query_string"].decode("latin-1")).items()}


async def respond(send, status, body, content_type=b"text/plain", headers=()):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), *headers]})
    await send({"type": "http.response.body", "body": body})


async def lifespan(scope, receive, send):
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            failure = os.environ.get("GANTRY_PROBE_LIFESPAN_FAIL")
            if failure:
                await send({"type": "lifespan.startup.failed", "message": failure})
                return
            scope["state"]["started"] = "yes"
            scope["state"]["pid"] = os.getpid()
            record("lifespan", "startup %d" % os.getpid())
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            record("lifespan", "shutdown %d" % os.getpid())
            await send({"type": "lifespan.shutdown.complete"})
            return


async def go_file(token):
    path = os.path.join(RECORDS, "go-" + token)
    for _ in range(1000):
        if os.path.exists(path):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the client never said go")


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        return await lifespan(scope, receive, send)
    path = scope["path"]
    q = query(scope)
    if path == "/":
        return await respond(send, 200, b"Hello, ASGI!", headers=[(b"content-length", b"12")])
    if path.startswith("/scope"):
        shown = {k: v for k, v in scope.items() if k not in ("state", "extensions")}
        shown["raw_path"] = scope["raw_path"].decode("latin-1")
        shown["query_string"] = scope["query_string"].decode("latin-1")
        shown["headers"] = [[n.decode("latin-1"), v.decode("latin-1")] for n, v in scope["headers"]]
        shown["state"] = dict(scope.get("state", {}))
        shown["extensions"] = sorted(scope.get("extensions", {}))
        return await respond(send, 200, json.dumps(shown).encode(), b"application/json")
    if path == "/tls":
        # The TLS extension (asgiref extensions.rst), or null when the request did not come over TLS.
        tls = scope.get("extensions", {}).get("tls")
        return await respond(send, 200, json.dumps(tls).encode(), b"application/json")
    if path == "/echo":
        chunks = []
        while True:
            message = await receive()
            assert message["type"] == "http.request", message
            chunks.append(message["body"])
            if not message["more_body"]:
                break
        return await respond(send, 200, b"".join(chunks), b"application/octet-stream")
    if path == "/first-chunk":
        # Answers each http.request as it comes: the client sends the rest only after it saw the first answer.
        await send({"type": "http.response.start", "status": 200, "headers": []})
        while True:
            message = await receive()
            await send({"type": "http.response.body", "more_body": True,
                        "body": b"got %d more=%s\n" % (len(message["body"]), str(message["more_body"]).encode())})
            if not message["more_body"]:
                break
        return await send({"type": "http.response.body", "body": b"end\n"})
    if path == "/handshake":
        token = q["token"]
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"first\n", "more_body": True})
        await go_file(token)
        await send({"type": "http.response.body", "body": b"second\n", "more_body": True})
        return await send({"type": "http.response.body", "body": b""})
    if path == "/sleep":
        await asyncio.sleep(int(q.get("ms", "100")) / 1000)
        return await respond(send, 200, b"slept")
    if path == "/thread":
        loop = asyncio.get_running_loop()
        name = await loop.run_in_executor(None, lambda: threading.current_thread().name)
        return await respond(send, 200, ("from %s" % name).encode())
    if path == "/error":
        raise LookupError("asgi-boom-marker")
    if path == "/error-after-start":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise LookupError("asgi-late-boom-marker")
    if path == "/error-after-body":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first part went out\n", "more_body": True})
        await asyncio.sleep(0)
        raise LookupError("asgi-cut-marker")
    if path == "/none":
        return
    if path == "/no-body":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        return
    if path == "/bad-message":
        await send({"type": "http.response.body", "body": b"no start"})
        return
    if path == "/send-after-complete":
        await respond(send, 200, b"done")
        try:
            await send({"type": "http.response.body", "body": b"more"})
        except RuntimeError as error:
            record("after-complete", "raised " + type(error).__name__)
        return
    if path == "/wait-disconnect":
        # Nothing to answer until the client leaves: receive() gives the body, then http.disconnect.
        token = q["token"]
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                record("disconnect", "disconnected " + token)
                return
    if path == "/stream-until-gone":
        token = q["token"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        block = b"x" * 65536
        try:
            while True:
                await send({"type": "http.response.body", "body": block, "more_body": True})
                await asyncio.sleep(0)
        except OSError as error:
            record("disconnect", "gone %s %s" % (token, type(error).__name__))
        return
    if path == "/pathsend":
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/octet-stream")]})
        return await send({"type": "http.response.pathsend", "path": q["file"]})
    if path == "/zerocopy":
        # http.response.zerocopysend: offset/count/seek from the query; with more=1 a body block follows the file.
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/octet-stream")]})
        with open(q["file"], "rb") as f:
            if "seek" in q:
                f.seek(int(q["seek"]))
            message = {"type": "http.response.zerocopysend", "file": f, "more_body": "more" in q}
            if "offset" in q:
                message["offset"] = int(q["offset"])
            if "count" in q:
                message["count"] = int(q["count"])
            await send(message)
        if "more" in q:
            await send({"type": "http.response.body", "body": b"<end>"})
        return
    if path == "/state":
        state = scope.get("state", {})
        return await respond(send, 200, json.dumps(dict(state)).encode(), b"application/json")
    if path == "/ignore-disconnect":
        # Never reads receive(): only --application-close-timeout ends it once its client left.
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            record("disconnect", "cancelled " + q["token"])
            raise
    if path == "/block":
        import time
        if q.get("after") == "await":
            await asyncio.sleep(0)
        time.sleep(0.25)
        return await respond(send, 200, b"blocked")
    if path == "/pid":
        return await respond(send, 200, str(os.getpid()).encode())
    return await respond(send, 404, b"no such route")
