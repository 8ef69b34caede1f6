"""A WebSocket-over-HTTP/2 client for Gantry's tests (RFC 8441): Debian's python3-h2 opens the TLS connection (ALPN h2),
checks SETTINGS_ENABLE_CONNECT_PROTOCOL and sends the extended CONNECT (:method CONNECT, :protocol websocket) by hand;
the WebSocket frames on the stream are python3-websockets' own sans-I/O connection (client side: masked frames,
permessage-deflate when agreed). h2_websocket_client.py PORT SCENARIO prints one line per result; the C# test compares
them. Run with /usr/bin/python3."""
import socket
import ssl
import sys

import h2.config
import h2.connection
import h2.events
import h2.settings
from websockets.client import ClientConnection
from websockets.connection import State
from websockets.extensions.permessage_deflate import PerMessageDeflate
from websockets.frames import Close, Frame, Opcode
from websockets.uri import parse_uri
from websockets.connection import Event  # noqa: F401  (events are Frames)

PORT, SCENARIO = int(sys.argv[1]), sys.argv[2]
# "h2c" as a third argument: cleartext HTTP/2 with prior knowledge on a plain socket (scheme http, WebSocket scheme ws).
PLAIN = sys.argv[3:] == ["h2c"]
SCHEME = "http" if PLAIN else "https"
TIMEOUT = 30


class H2:
    """One h2 connection: streams' headers, DATA and ends gathered per stream id."""

    def __init__(self):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["h2"])
        raw = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
        self.sock = raw if PLAIN else context.wrap_socket(raw, server_hostname="localhost")
        assert PLAIN or self.sock.selected_alpn_protocol() == "h2", self.sock.selected_alpn_protocol()
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.initiate_connection()
        self.flush()
        self.headers, self.data, self.ended, self.reset = {}, {}, set(), {}
        self.settings_seen = False
        while not self.settings_seen:
            self.pump()

    def flush(self):
        out = self.conn.data_to_send()
        if out:
            self.sock.sendall(out)

    def pump(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        for event in self.conn.receive_data(chunk):
            if isinstance(event, h2.events.RemoteSettingsChanged):
                self.settings_seen = True
            elif isinstance(event, h2.events.ResponseReceived):
                self.headers[event.stream_id] = dict(event.headers)
            elif isinstance(event, h2.events.DataReceived):
                self.data.setdefault(event.stream_id, bytearray()).extend(event.data)
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                self.ended.add(event.stream_id)
            elif isinstance(event, h2.events.StreamReset):
                self.reset[event.stream_id] = event.error_code
                self.ended.add(event.stream_id)
            elif isinstance(event, h2.events.ConnectionTerminated):
                raise ConnectionError(f"GOAWAY {event.error_code}")
        self.flush()

    def connect_protocol(self):
        return self.conn.remote_settings.get(h2.settings.SettingCodes.ENABLE_CONNECT_PROTOCOL, 0)

    def request(self, headers, end=False):
        stream = self.conn.get_next_available_stream_id()
        self.conn.send_headers(stream, headers, end_stream=end)
        self.flush()
        return stream

    def wait_headers(self, stream):
        while stream not in self.headers and stream not in self.ended:
            self.pump()
        return self.headers.get(stream, {})

    def get(self, path):
        stream = self.request([(":method", "GET"), (":scheme", SCHEME), (":authority", f"localhost:{PORT}"), (":path", path)], end=True)
        while stream not in self.ended:
            self.pump()
        return self.headers.get(stream, {}).get(":status"), bytes(self.data.get(stream, b""))


class Socket:
    """A WebSocket on one stream: websockets' client connection fed with the stream's DATA."""

    def __init__(self, h2c, path, subprotocols=(), deflate=False, max_size=2**24):
        self.h2, self.path = h2c, path
        headers = [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", SCHEME),
                   (":authority", f"localhost:{PORT}"), (":path", path), ("sec-websocket-version", "13")]
        if subprotocols:
            headers.append(("sec-websocket-protocol", ", ".join(subprotocols)))
        if deflate:
            headers.append(("sec-websocket-extensions", "permessage-deflate; client_max_window_bits"))
        self.stream = h2c.request(headers)
        self.response = h2c.wait_headers(self.stream)
        self.status = self.response.get(":status")
        self.ws = ClientConnection(parse_uri(f"{'ws' if PLAIN else 'wss'}://localhost:{PORT}{path}"), state=State.OPEN, max_size=max_size)
        if self.status == "200" and "permessage-deflate" in self.response.get("sec-websocket-extensions", ""):
            no_takeover = "server_no_context_takeover" in self.response["sec-websocket-extensions"]
            self.ws.extensions = [PerMessageDeflate(no_takeover, False, 15, 15)]
        self.taken = 0

    def send(self):
        """Writes what websockets produced as DATA frames within the peer's frame size and flow-control windows."""
        conn = self.h2.conn
        for chunk in self.ws.data_to_send():
            if not chunk:
                conn.end_stream(self.stream)
                continue
            view = memoryview(chunk)
            while view:
                room = min(conn.max_outbound_frame_size, conn.local_flow_control_window(self.stream), len(view))
                if self.stream in self.h2.ended:
                    # The server ended the stream (a WebSocket it failed, 1009): the rest is not wanted.
                    return
                if room <= 0:
                    # Window exhausted: the server reads on (WINDOW_UPDATE) only as its loop takes the messages.
                    self.h2.flush()
                    self.h2.pump()
                    continue
                conn.send_data(self.stream, bytes(view[:room]))
                view = view[room:]
                self.h2.flush()
        self.h2.flush()

    def recv(self):
        """The next frame (data or control) from the server; None once the stream ended without one."""
        while True:
            events = self.ws.events_received()
            if events:
                self.pending = events[1:] + getattr(self, "pending", [])
                return events[0]
            if getattr(self, "pending", None):
                return self.pending.pop(0)
            data = self.h2.data.get(self.stream, bytearray())
            if len(data) > self.taken:
                self.ws.receive_data(bytes(data[self.taken:]))
                self.taken = len(data)
                self.send()
                continue
            if self.stream in self.h2.ended:
                return None
            self.h2.pump()

    def recv_message(self):
        parts, opcode = [], None
        while True:
            frame = self.recv()
            if frame is None or frame.opcode == Opcode.CLOSE:
                return frame
            if frame.opcode in (Opcode.PING, Opcode.PONG):
                if frame.opcode == Opcode.PONG:
                    print("pong", frame.data.decode())
                continue
            opcode = opcode or frame.opcode
            parts.append(frame.data)
            if frame.fin:
                payload = b"".join(parts)
                return ("text", payload.decode()) if opcode == Opcode.TEXT else ("bytes", payload)

    def close(self, code=1000, reason=""):
        self.ws.send_close(code, reason)
        self.send()
        frame = self.recv_message()
        return Close.parse(frame.data) if frame is not None and frame.opcode == Opcode.CLOSE else None


def show_close(frame):
    if frame is None:
        print("no close frame")
    elif isinstance(frame, Close):
        print("close", frame.code, frame.reason)
    else:
        close = Close.parse(frame.data)
        print("close", close.code, close.reason)


def main():
    h2c = H2()
    print("enable_connect_protocol", h2c.connect_protocol())
    if SCENARIO == "echo":
        ws = Socket(h2c, "/echo", subprotocols=["chat", "other"])
        print("status", ws.status)
        print("subprotocol", ws.response.get("sec-websocket-protocol"))
        print("header", ws.response.get("x-scope"))
        ws.ws.send_text("héllo wörld".encode())
        ws.send()
        print("text", ws.recv_message()[1])
        ws.ws.send_binary(b"\x00\x01\xff")
        ws.send()
        print("bytes", ws.recv_message()[1].hex())
        ws.ws.send_ping(b"are you there")
        ws.send()
        ws.ws.send_text(b"after ping")
        ws.send()
        print("text", ws.recv_message()[1])
        show_close(ws.close(4000, "client says bye"))
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "fragmented":
        ws = Socket(h2c, "/echo")
        big = "0123456789" * 60000
        pieces = [big[start:start + 65536] for start in range(0, len(big), 65536)]
        ws.ws.send_text(pieces[0].encode(), fin=False)
        for piece in pieces[1:-1]:
            ws.ws.send_continuation(piece.encode(), fin=False)
        ws.ws.send_continuation(pieces[-1].encode(), fin=True)
        ws.send()
        kind, answer = ws.recv_message()
        print("fragmented", len(answer), answer == big)
        show_close(ws.close())
    elif SCENARIO == "app-close":
        ws = Socket(h2c, "/close")
        print("status", ws.status)
        show_close(ws.recv_message())
        print("stream ended", ws.recv() is None)
    elif SCENARIO == "too-big":
        ws = Socket(h2c, "/echo")
        ws.ws.send_binary(b"x" * (1024 * 1024 + 1))
        ws.send()
        show_close(ws.recv_message())
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "deflate":
        ws = Socket(h2c, "/echo", deflate=True)
        print("extensions", ws.response.get("sec-websocket-extensions"))
        text = "compressible " * 200
        ws.ws.send_text(text.encode())
        ws.send()
        print("deflated echo", ws.recv_message()[1] == text)
        show_close(ws.close())
    elif SCENARIO == "multiplexed":
        first, second = Socket(h2c, "/echo"), Socket(h2c, "/echo")
        first.ws.send_text(b"one")
        first.send()
        second.ws.send_text(b"two")
        second.send()
        print("streams", first.stream != second.stream, second.recv_message()[1], first.recv_message()[1])
        print("plain get", *h2c.get("/between"))
        show_close(first.close())
        show_close(second.close())
    elif SCENARIO == "refused":
        # The app refuses (websocket.close before accept): 403, and the connection serves on.
        ws = Socket(h2c, "/reject")
        print("status", ws.status)
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "no-protocol":
        # A CONNECT without :protocol (RFC 9113 §8.5: a tunnel to :authority, no :path); Gantry is no proxy.
        h2c.conn.config.validate_outbound_headers = False
        stream = h2c.request([(":method", "CONNECT"), (":authority", "example.com:443")])
        headers = h2c.wait_headers(stream)
        print("status", headers.get(":status"), "reset", h2c.reset.get(stream))
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "other-protocol":
        stream = h2c.request([(":method", "CONNECT"), (":protocol", "webtransport"), (":scheme", SCHEME),
                              (":authority", f"localhost:{PORT}"), (":path", "/echo")])
        headers = h2c.wait_headers(stream)
        print("status", headers.get(":status"), "reset", h2c.reset.get(stream))
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "websocket-connect":
        # An extended CONNECT for a WebSocket, whatever the target (a WSGI app must answer it clearly).
        ws = Socket(h2c, "/echo")
        while ws.stream not in h2c.ended:
            h2c.pump()
        print("status", ws.status, "reset", h2c.reset.get(ws.stream))
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "ping":
        # With websocket-ping-freq 1 the server pings; websockets' connection answers with a pong by itself.
        ws = Socket(h2c, "/echo")
        frame = ws.recv()
        print("server sent", frame.opcode.name)
        ws.ws.send_text(b"still here")
        ws.send()
        print("text", ws.recv_message()[1])
        show_close(ws.close())
    elif SCENARIO == "hold":
        # Opens /hold and waits for the server's close (a graceful stop: 1001).
        ws = Socket(h2c, "/hold")
        print("status", ws.status, flush=True)
        show_close(ws.recv_message())
    elif SCENARIO == "slow-accept":
        # The app neither accepts nor refuses: websocket-connect-timeout refuses with 403.
        ws = Socket(h2c, "/slow-accept")
        print("status", ws.status)
        print("plain get", *h2c.get("/after"))
    elif SCENARIO == "timeout":
        # Past websocket-timeout the server closes with 1000; websockets answers the close, and, as a client should
        # (RFC 6455 §7.1.1: the server ends the transport first), this waits for the server to end the stream.
        ws = Socket(h2c, "/echo")
        show_close(ws.recv_message())
        print("stream ended", ws.recv() is None)
    elif SCENARIO == "reset":
        # The client cancels the stream (RST_STREAM CANCEL), as a browser closing its tab: the app hears 1006.
        ws = Socket(h2c, "/echo")
        ws.ws.send_text(b"before reset")
        ws.send()
        print("text", ws.recv_message()[1])
        h2c.conn.reset_stream(ws.stream, 8)
        h2c.flush()
        print("plain get", *h2c.get("/after"))
    else:
        raise SystemExit(f"unknown scenario {SCENARIO}")


main()
