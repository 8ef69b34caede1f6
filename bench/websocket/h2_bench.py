"""WebSocket over HTTP/2 bench (issue 14, RFC 8441): echo messages per second through extended CONNECT streams,
Gantry (--https --http2 --asgi) against hypercorn (Debian's python3-hypercorn, which serves RFC 8441 too), same run.

  /usr/bin/python3 bench/websocket/h2_bench.py [--reps 3] [--seconds 5] [--streams 10] [--window 10]

Each server runs apps/echo_asgi.py, one process pinned to core 0 (taskset); the client (python3-h2, on core 1) opens
one TLS connection (ALPN h2), --streams WebSockets on it, and keeps --window 32-byte text messages in flight on each
(masked frames built once, answers counted by bytes: an echo of 32 bytes is a 34-byte frame). Warm-up 1 s, then a
measured window; servers interleaved per repetition; medians. The client is Python: its own cost bounds both servers,
so the ratio is a lower bound of the servers' difference. Note `uptime` with the figures (the machine is shared).
"""
import argparse
import os
import select
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

import h2.config
import h2.connection
import h2.events

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(os.path.dirname(HERE), "apps")
ROOT = os.path.dirname(os.path.dirname(HERE))
MESSAGE = b"0123456789abcdef0123456789abcdef"
MASK = b"\x01\x02\x03\x04"
FRAME = bytes([0x81, 0x80 | len(MESSAGE)]) + MASK + bytes(b ^ MASK[i % 4] for i, b in enumerate(MESSAGE))
ANSWER = 2 + len(MESSAGE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost"], check=True, capture_output=True)
    return cert, key


def servers(gantry, cert, key):
    return {
        "gantry": lambda port: [gantry, "--https", f"127.0.0.1:{port},{cert},{key}", "--http2", "--asgi", "echo_asgi:app",
                                "--disable-logging"],
        "hypercorn": lambda port: ["/usr/bin/hypercorn", "--certfile", cert, "--keyfile", key, "-b", f"127.0.0.1:{port}",
                                   "echo_asgi:app"],
    }


def connect(port):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"])
    deadline = time.time() + 20
    while True:
        try:
            sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="localhost")
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)
    assert sock.selected_alpn_protocol() == "h2"
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    return sock, conn


def run(port, streams, window, seconds):
    sock, conn = connect(port)
    received, opened, ids = {}, set(), []
    for _ in range(streams):
        stream = conn.get_next_available_stream_id()
        conn.send_headers(stream, [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "https"),
                                   (":authority", "localhost"), (":path", "/echo"), ("sec-websocket-version", "13")])
        ids.append(stream)
        received[stream] = 0
    sock.sendall(conn.data_to_send())

    def pump():
        events = conn.receive_data(sock.recv(1 << 20))
        for event in events:
            if isinstance(event, h2.events.ResponseReceived):
                assert dict(event.headers)[b":status"] == b"200", event.headers
                opened.add(event.stream_id)
                conn.send_data(event.stream_id, FRAME * window)
            elif isinstance(event, h2.events.DataReceived):
                received[event.stream_id] += len(event.data)
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        return events

    counted, start, measure_from = 0, time.time(), None
    base = 0
    while True:
        pump()
        for stream in opened:
            # Keep the window full: one new message per whole answer that came back.
            answered = received[stream] // ANSWER
            sent = received.setdefault(("sent", stream), window)
            more = answered + window - sent
            if more > 0:
                conn.send_data(stream, FRAME * more)
                received[("sent", stream)] = sent + more
        out = conn.data_to_send()
        if out:
            sock.sendall(out)
        now = time.time()
        total = sum(received[s] for s in ids) // ANSWER
        if measure_from is None and now - start >= 1.0:
            measure_from, base = now, total
        if measure_from is not None and now - measure_from >= seconds:
            counted = total - base
            elapsed = now - measure_from
            break
    sock.close()
    return counted / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--streams", type=int, default=10)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--gantry", default=os.path.join(ROOT, "out", "gantry"))
    args = parser.parse_args()
    os.sched_setaffinity(0, {1})
    with tempfile.TemporaryDirectory() as folder:
        cert, key = certificate(folder)
        commands = servers(args.gantry, cert, key)
        results = {name: [] for name in commands}
        for rep in range(args.reps):
            for name, command in commands.items():
                port = free_port()
                server = subprocess.Popen(["taskset", "-c", "0", *command(port)], cwd=APPS, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": APPS})
                try:
                    rate = run(port, args.streams, args.window, args.seconds)
                finally:
                    server.send_signal(2)
                    try:
                        server.wait(15)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
                results[name].append(rate)
                print(f"rep {rep + 1} {name}: {rate:.0f} messages/s", flush=True)
    load = os.getloadavg()
    print(f"\nload average before the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    medians = {name: statistics.median(rates) for name, rates in results.items()}
    for name, median in medians.items():
        print(f"{name}: median {median:.0f} messages/s ({', '.join(f'{r:.0f}' for r in results[name])})")
    print(f"gantry / hypercorn: {medians['gantry'] / medians['hypercorn']:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
