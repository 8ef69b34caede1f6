"""echo_asgi with an HTTP /mem endpoint reporting Python's allocations (tracemalloc when PYTHONTRACEMALLOC is set)."""
import gc
import json
import sys
import tracemalloc

from echo_asgi import application as echo

_mark = {}


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith("/mem"):
        gc.collect()
        body = {"blocks": sys.getallocatedblocks(), "objects": len(gc.get_objects())}
        if tracemalloc.is_tracing():
            body["traced"] = tracemalloc.get_traced_memory()[0]
            snap = tracemalloc.take_snapshot()
            if scope["query_string"] == b"mark":
                _mark["snap"] = snap
            elif "snap" in _mark:
                top = snap.compare_to(_mark["snap"], "lineno")[:25]
                body["top"] = [str(s) for s in top]
        types = {}
        for o in gc.get_objects():
            t = type(o).__name__
            types[t] = types.get(t, 0) + 1
        body["types"] = sorted(types.items(), key=lambda kv: -kv[1])[:15]
        data = json.dumps(body).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": data})
        return
    await echo(scope, receive, send)
