"""A WebSocket client for Gantry's tests (Debian's python3-websockets): ws_client.py URL SCENARIO prints one line per
result; the C# test compares them. Run with /usr/bin/python3."""
import asyncio
import os
import signal
import sys

import websockets

URL, SCENARIO = sys.argv[1], sys.argv[2]
EXTRA = sys.argv[3:]


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
        async with websockets.connect(URL + path, open_timeout=50):
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


def count_compressed_frames():
    """Counts the server's frames that arrive with RSV1 (compressed) by wrapping the client's permessage-deflate decoder."""
    from websockets.extensions import permessage_deflate

    counter = {"compressed": 0}
    decode = permessage_deflate.PerMessageDeflate.decode

    def counting(self, frame, *, max_size=None):
        if frame.rsv1:
            counter["compressed"] += 1
        return decode(self, frame, max_size=max_size)

    permessage_deflate.PerMessageDeflate.decode = counting
    return counter


async def deflate(compression="deflate"):
    counter = count_compressed_frames()
    async with websockets.connect(URL + "/echo", max_size=None, compression=compression) as ws:
        print("extensions", ws.response_headers.get("sec-websocket-extensions"))
        text = "héllo wörld, again and again " * 4000
        data = bytes(range(256)) * 400
        same = True
        for message in [text, "short", data, text, b"", text]:
            await ws.send(message)
            same = same and await ws.recv() == message
        print("round trips", same)
        print("compressed", counter["compressed"] >= 4)


def children(parent):
    """The pids whose parent is `parent` (the master's workers), from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    # pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == parent:
                        found.add(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


async def reload(master_pid, count=4):
    """Opens WebSockets, reloads the master (SIGHUP) with them open, sees each closed, then opens new ones: they must be
    served by other processes (the new workers) and echo. The old workers are all the master's children before the
    reload, not only those that took this client's sockets: EPOLLEXCLUSIVE may give every socket to one worker, and
    the other, signalled a moment later, could still take a new connection before it has heard of the reload (and
    close it with 1001 a moment after). So new ones open once every old worker has gone, as a client reconnecting
    after a reload does."""
    old_workers = children(master_pid)
    old = [await websockets.connect(URL + "/echo") for _ in range(count)]
    old_pids = {ws.response_headers["x-pid"] for ws in old}
    assert old_pids <= {str(pid) for pid in old_workers}, (old_pids, old_workers)
    for ws in old:
        await ws.send("before")
        assert await ws.recv() == "before"
    os.kill(master_pid, signal.SIGHUP)
    codes = set()
    for ws in old:
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed as closed:
            codes.add(closed.rcvd.code if closed.rcvd else None)
    print("old closed", sorted(codes))
    while children(master_pid) & old_workers:
        await asyncio.sleep(0.05)  # bounded by the scenario's 60 s
    new_pids, echoed = set(), True
    for _ in range(count):
        async with websockets.connect(URL + "/echo", open_timeout=30) as ws:
            new_pids.add(int(ws.response_headers["x-pid"]))
            await ws.send("after")
            echoed = echoed and await ws.recv() == "after"
    print("new ones on new workers", not (new_pids & old_workers), echoed)


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
    "slow-accept": lambda: rejected("/slow-accept"),
    "client-close": client_close,
    "drop": drop,
    "concurrent": concurrent,
    "flood": flood,
    "hold": hold,
    "starlette": starlette,
    "deflate": deflate,
    "reload": lambda: reload(int(EXTRA[0])),
    "plain": lambda: deflate(compression=None),
    "bomb": lambda: expect_close("/echo", b"\0" * (64 * 1024 * 1024)),
}

asyncio.run(asyncio.wait_for(SCENARIOS[SCENARIO](), 60))
