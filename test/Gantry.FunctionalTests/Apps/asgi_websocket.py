"""A raw ASGI WebSocket app for Gantry's tests: echo, subprotocols, accept headers, server close, rejection (403), an
app that never accepts (/slow-accept), the
denial response extension, an exception after accept (1011). Each websocket.disconnect it sees is recorded as
"disconnect CODE REASON" in GANTRY_PROBE_DIR/websocket.
Run: gantry --http 127.0.0.1:0 --asgi asgi_websocket:app"""
import os

RECORDS = os.environ.get("GANTRY_PROBE_DIR", "/tmp")


def record(line):
    with open(os.path.join(RECORDS, "websocket"), "a") as file:
        file.write(line + "\n")


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"plain http"})
        return
    message = await receive()
    assert message["type"] == "websocket.connect", message
    path = scope["path"]
    if path == "/slow-accept":
        # Neither accepts nor refuses: websocket-connect-timeout refuses the handshake and this receive gives the disconnect.
        record("connecting")
        message = await receive()
        record(f"before accept {message['type']} {message.get('code')}")
        return
    if path == "/reject":
        await send({"type": "websocket.close"})
        return
    if path == "/deny":
        await send({"type": "websocket.http.response.start", "status": 401, "headers": [(b"x-denied", b"yes")]})
        await send({"type": "websocket.http.response.body", "body": b"denied"})
        return
    subprotocol = scope["subprotocols"][0] if scope["subprotocols"] else None
    await send({"type": "websocket.accept", "subprotocol": subprotocol,
                "headers": [(b"x-scope", scope["scheme"].encode()), (b"x-pid", str(os.getpid()).encode())]})
    if path == "/boom":
        raise RuntimeError("boom after accept")
    if path == "/flood":
        # 40 messages of 64 KiB, ten times the connection's output mark: send waits while the client does not read.
        for number in range(40):
            await send({"type": "websocket.send", "bytes": bytes([number]) * 65536})
        await send({"type": "websocket.close", "code": 1000})
        return
    if path == "/hold":
        record("open")
    if path == "/close":
        await send({"type": "websocket.close", "code": 4001, "reason": "bye from the app"})
        return
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            record(f"disconnect {message['code']} {message.get('reason') or ''}".rstrip())
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})
