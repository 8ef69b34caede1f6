"""ASGI app for the interop tests: GET answers its scope as JSON; POST answers the request body it received, the number
of http.request messages it took, and the scope, so a test sees what crossed nginx and Gantry's front."""
import json


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    messages = 0
    more = True
    while more:
        message = await receive()
        messages += 1
        body += message.get("body", b"")
        more = message.get("more_body", False)
    shown = {
        "type": scope["type"],
        "http_version": scope["http_version"],
        "method": scope["method"],
        "scheme": scope["scheme"],
        "path": scope["path"],
        "raw_path": scope["raw_path"].decode("latin-1"),
        "query_string": scope["query_string"].decode("latin-1"),
        "root_path": scope["root_path"],
        "headers": {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]},
        "client": scope["client"],
        "server": scope["server"],
        "body_length": len(body),
        "body_sum": sum(body) % 65521,
        "messages": messages,
    }
    payload = json.dumps(shown).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"x-asgi", b"yes")]})
    # two blocks with more_body, as a streaming app sends them
    await send({"type": "http.response.body", "body": payload[:10], "more_body": True})
    await send({"type": "http.response.body", "body": payload[10:]})
