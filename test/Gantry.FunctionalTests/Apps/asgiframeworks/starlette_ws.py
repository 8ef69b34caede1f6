"""A Starlette WebSocket endpoint (Debian's python3-starlette) for Gantry's tests: echoes text and bytes until the
client closes. Run: gantry asgi --app-dir Apps/asgiframeworks starlette_ws:app"""
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocketDisconnect


async def echo(websocket):
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text("starlette: " + message["text"])
            else:
                await websocket.send_bytes(message["bytes"])
    except WebSocketDisconnect:
        pass


app = Starlette(routes=[WebSocketRoute("/ws", echo)])
