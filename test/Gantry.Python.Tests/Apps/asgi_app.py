"""ASGI routes for the host's in-process tests (no loop runs there: only what completes eagerly finishes)."""
import asyncio
import json


async def app(scope, receive, send):
    path = scope["path"]
    if path == "/":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"Hello, ASGI"})
    elif path == "/scope":
        shown = {k: (v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in scope.items()
                 if k not in ("headers", "state", "extensions")}
        shown["headers"] = [[n.decode(), v.decode()] for n, v in scope["headers"]]
        body = json.dumps(shown).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})
    elif path == "/echo":
        message = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body",
                    "body": b"%s %d %s" % (message["type"].encode(), len(message["body"]), str(message["more_body"]).encode())})
    elif path == "/blocks":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"one", "more_body": True})
        await send({"type": "http.response.body", "body": b"two", "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    elif path == "/sleep":
        await asyncio.sleep(10)
    elif path == "/current-task":
        task = asyncio.current_task()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": type(task).__name__.encode()})
    elif path == "/error":
        raise KeyError("asgi-unit-marker")
    elif path == "/status":
        await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": b"teapot"})
