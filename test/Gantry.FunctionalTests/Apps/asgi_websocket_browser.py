"""asgi_websocket's app behind a page for a real browser: GET /page opens a WebSocket to /browser, sends a text, and on
the echo closes with 1000 "page done" (which the app records as "disconnect 1000 page done").
Run: gantry --http 127.0.0.1:0 --asgi asgi_websocket_browser:app"""
import asgi_websocket

PAGE = b"""<!doctype html><title>waiting</title><p id="result">waiting</p>
<script>
const ws = new WebSocket(`ws://${location.host}/browser`);
ws.onopen = () => ws.send("from chromium");
ws.onmessage = (event) => {
  document.getElementById("result").textContent = "echo: " + event.data;
  ws.close(1000, "page done");
};
</script>"""


async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/page":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.body", "body": PAGE})
        return
    await asgi_websocket.app(scope, receive, send)
