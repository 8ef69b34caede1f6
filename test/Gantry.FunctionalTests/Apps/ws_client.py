"""A WebSocket client for Gantry's tests (Debian's python3-websockets): ws_client.py URL SCENARIO prints one line per
result; the C# test compares them. Run with /usr/bin/python3."""
import asyncio
import sys

import websockets

URL, SCENARIO = sys.argv[1], sys.argv[2]


async def echo():
    async with websockets.connect(URL + "/echo", subprotocols=["chat", "other"]) as ws:
        print("subprotocol", ws.subprotocol)
        print("header", ws.response_headers.get("x-scope"))
        await ws.send("héllo wörld")
        print("text", await ws.recv())
        await ws.send(b"\x00\x01\xff")
        print("bytes", (await ws.recv()).hex())
        await ws.ping()
        print("pong")


async def fragmented():
    big = "0123456789" * 60000

    async def fragments():
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]

    async with websockets.connect(URL + "/echo", max_size=None) as ws:
        await ws.send(fragments())
        answer = await ws.recv()
        print("fragmented", len(answer), answer == big)


async def expect_close(path, send=None):
    try:
        async with websockets.connect(URL + path, max_size=None) as ws:
            if send is not None:
                await ws.send(send)
            await ws.recv()
        print("no close")
    except websockets.ConnectionClosed as closed:
        print("closed", closed.rcvd.code if closed.rcvd else None, closed.rcvd.reason if closed.rcvd else "")


async def rejected(path):
    try:
        async with websockets.connect(URL + path):
            print("accepted")
    except websockets.InvalidStatusCode as error:
        print("rejected", error.status_code, error.headers.get("x-denied"))


async def client_close():
    async with websockets.connect(URL + "/echo") as ws:
        await ws.send("x")
        await ws.recv()
        await ws.close(code=4002, reason="client done")
        print("client closed", ws.close_code)


async def drop():
    ws = await websockets.connect(URL + "/echo")
    await ws.send("x")
    await ws.recv()
    ws.transport.abort()
    print("dropped")


async def concurrent(count=100, messages=10):
    async def one(number):
        async with websockets.connect(URL + "/echo") as ws:
            for index in range(messages):
                text = f"{number}:{index}"
                await ws.send(text)
                if await ws.recv() != text:
                    return False
            return True

    results = await asyncio.gather(*(one(number) for number in range(count)))
    print("concurrent", sum(results))


async def flood():
    async with websockets.connect(URL + "/flood") as ws:
        await asyncio.sleep(0.3)
        firsts = []
        async for message in ws:
            assert len(message) == 65536
            firsts.append(message[0])
        print("flood", len(firsts), firsts == list(range(40)), ws.close_code)


async def hold():
    async with websockets.connect(URL + "/hold") as ws:
        try:
            await ws.recv()
        except websockets.ConnectionClosed as closed:
            print("closed", closed.rcvd.code if closed.rcvd else None, closed.rcvd.reason if closed.rcvd else "")


async def starlette():
    async with websockets.connect(URL + "/ws") as ws:
        await ws.send("hi")
        print("text", await ws.recv())
        await ws.send(b"\x02")
        print("bytes", (await ws.recv()).hex())


SCENARIOS = {
    "echo": echo,
    "fragmented": fragmented,
    "server-close": lambda: expect_close("/close"),
    "boom": lambda: expect_close("/boom"),
    "too-big": lambda: expect_close("/echo", b"x" * (2 * 1024 * 1024)),
    "reject": lambda: rejected("/reject"),
    "deny": lambda: rejected("/deny"),
    "client-close": client_close,
    "drop": drop,
    "concurrent": concurrent,
    "flood": flood,
    "hold": hold,
    "starlette": starlette,
}

asyncio.run(asyncio.wait_for(SCENARIOS[SCENARIO](), 60))
