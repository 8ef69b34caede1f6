"""Raw ASGI WebSocket echo for bench/websocket: every message comes back as it came; lifespan and HTTP as hello_asgi."""
from hello_asgi import application as hello


async def application(scope, receive, send):
    if scope["type"] != "websocket":
        await hello(scope, receive, send)
        return
    await receive()
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})


app = application
