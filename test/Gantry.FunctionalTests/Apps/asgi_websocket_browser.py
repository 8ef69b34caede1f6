"""asgi_websocket's app behind a page for a real browser: GET /page opens a WebSocket to /browser, sends a text long
enough to be compressed both ways, and on a faithful echo closes with 1000 "page done EXTENSIONS" (which the app
records as "disconnect 1000 page done permessage-deflate" when the browser negotiated it). Over HTTPS the page uses
wss:// on its own origin, so a browser whose page came over HTTP/2 opens the WebSocket by extended CONNECT (RFC 8441);
each WebSocket's scope is recorded as "scope HTTP_VERSION SCHEME".
Run: gantry --http 127.0.0.1:0 --asgi asgi_websocket_browser:app"""
import asgi_websocket

PAGE = b"""<!doctype html><title>waiting</title><p id="result">waiting</p>
<script>
const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/browser`);
const text = "from chromium, compressed ".repeat(20);
ws.onopen = () => ws.send(text);
ws.onmessage = (event) => {
  document.getElementById("result").textContent = "echo: " + event.data;
  ws.close(1000, (event.data === text ? "page done " : "page got a wrong echo ") + ws.extensions);
};
</script>"""


async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/page":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html; charset=utf-8")]})
        await send({"type": "http.response.body", "body": PAGE})
        return
    if scope["type"] == "websocket":
        asgi_websocket.record(f"scope {scope['http_version']} {scope['scheme']}")
    await asgi_websocket.app(scope, receive, send)
