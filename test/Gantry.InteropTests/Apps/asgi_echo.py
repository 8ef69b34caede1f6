"""An ASGI WebSocket echo for the nginx interop test: every text or bytes message comes back as it came; plain HTTP
gets "plain http". Run: gantry --http-socket 127.0.0.1:0 --asgi asgi_echo:app"""


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
    await receive()
    await send({"type": "websocket.accept", "headers": [(b"x-host", dict(scope["headers"]).get(b"host", b""))]})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})
