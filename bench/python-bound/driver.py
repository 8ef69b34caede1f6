"""Calls an ASGI app's HTTP path N times with an in-memory receive/send (no server, no sockets) and prints the
mean microseconds per request: the app's own Python cost on whichever interpreter runs this file.

usage: driver.py MODULE:ATTR [--requests N] [--repeat R] [--mode await|task]
  await: one coroutine awaits app(...) N times (the request stepped without a Task, as Gantry's eager step does)
  task:  one asyncio Task per request (as uvicorn does)
"""
import argparse
import asyncio
import gc
import importlib
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mode", choices=("await", "task"), default="await")
    options = parser.parse_args()
    module, _, attribute = options.app.partition(":")
    app = getattr(importlib.import_module(module), attribute)

    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"wrk"), (b"accept", b"*/*")]

    def scope():
        return {
            "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": "/", "raw_path": b"/", "query_string": b"",
            "root_path": "", "headers": list(headers), "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000), "extensions": {},
        }

    request = {"type": "http.request", "body": b"", "more_body": False}
    sent = []

    async def receive():
        return request

    async def send(message):
        sent.append(message)

    async def one():
        await app(scope(), receive, send)

    async def run_await(n):
        for _ in range(n):
            await one()

    async def run_task(n):
        loop = asyncio.get_running_loop()
        for _ in range(n):
            await loop.create_task(one())

    run = run_await if options.mode == "await" else run_task
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(run(1000))  # warm-up
    if not sent or sent[0].get("status") != 200:
        sys.exit(f"the app did not answer 200: {sent[:2]!r}")
    results = []
    for _ in range(options.repeat):
        sent.clear()
        gc.collect()
        start = time.process_time()
        loop.run_until_complete(run(options.requests))
        results.append((time.process_time() - start) / options.requests * 1e6)
    results.sort()
    print(f"{results[len(results) // 2]:.2f}", " ".join(f"{r:.2f}" for r in results))


main()
