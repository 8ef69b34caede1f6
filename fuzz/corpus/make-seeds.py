#!/usr/bin/python3
"""Writes the seed inputs of fuzz/corpus/<target>/ (run from anywhere; it replaces only the files it names).

Each seed is one control byte (how the payload arrives: 0x00 whole, 0x01-0x7F one split, 0x80-0xFF pieces of
byte-0x7F bytes; see fuzz/Gantry.Fuzz/FuzzInput.cs) followed by the payload. HTTP and CGI payloads come from the
unit tests' corpora (test/Gantry.Protocols.Tests/{Http,Cgi}/Corpus, decoded from their notation); the binary
protocols' seeds are built here, byte by byte, from the cases the unit tests use.
"""
import os
import re
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
TESTS = os.path.join(ROOT, "test", "Gantry.Protocols.Tests")


def notation(path):
    """The test corpora's notation: real newlines dropped, \\r \\n \\t \\0 \\\\ \\xHH escapes, {{N*c}} repeats."""
    text = open(path, encoding="utf-8").read().replace("\n", "")
    text = re.sub(r"\{\{(\d+)\*(.)\}\}", lambda m: m.group(2) * int(m.group(1)), text)
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            e = text[i + 1]
            if e == "x":
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0", "\\": b"\\"}[e]
            i += 2
            continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def write(target, name, payload, control=0):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(bytes([control]) + payload)


def from_tests(target, folder, names, suffix, small=4096):
    for name in names:
        payload = notation(os.path.join(TESTS, folder, name + suffix))
        if len(payload) <= small:
            write(target, name, payload)


# --- HTTP heads (and bodies, pipelining) ---------------------------------------------------------------------
from_tests("http-head", "Http/Corpus/valid", [
    "001-simple-get", "002-post-content-length", "003-http10-without-host", "010-options-asterisk", "011-absolute-form",
    "020-one-leading-empty-line", "024-obs-text-value", "031-chunked-simple", "032-chunked-extensions",
    "034-chunked-trailers", "041-pipelined-post-then-get", "042-pipelined-chunked-then-get", "045-expect-continue",
    "056-host-ipv6-literal", "067-browser-request"], ".http")
from_tests("http-head", "Http/Corpus/invalid", [
    "017-http2-preface", "028-connect-authority-form", "035-bare-lf-request-line", "043-obs-fold-space",
    "059-host-duplicate", "073-content-length-overflow-by-one", "077-content-length-with-transfer-encoding",
    "082-transfer-encoding-gzip-then-chunked"], ".http")
write("http-head", "pieces-of-3-pipelined", notation(os.path.join(TESTS, "Http/Corpus/valid/040-pipelined-gets.http")), 0x82)

# --- chunked bodies alone ------------------------------------------------------------------------------------
for name, body in [
    ("simple", b"5\r\nhello\r\n0\r\n\r\n"),
    ("extensions", b"3;name=value;flag\r\nabc\r\n0;last\r\n\r\n"),
    ("trailers", b"4\r\nWiki\r\n0\r\nChecksum: abc\r\nExpires: never\r\n\r\n"),
    ("hex-sizes", b"A\r\n0123456789\r\nff\r\n" + b"x" * 255 + b"\r\n0\r\n\r\n"),
    ("leading-zeros", b"0000000000000003\r\nabc\r\n000\r\n\r\n"),
    ("empty", b"0\r\n\r\n"),
    ("next-request-after", b"1\r\nZ\r\n0\r\n\r\nGET / HTTP/1.1\r\n"),
    ("bad-size", b"zz\r\nabc\r\n"),
    ("bare-lf", b"3\nabc\n0\n\n"),
]:
    write("http-chunked", name, body)
write("http-chunked", "byte-by-byte", b"3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n", 0x80)

# --- uwsgi packets ---------------------------------------------------------------------------------------------
def uwsgi(variables, modifier1=0, modifier2=0, body=b""):
    block = b"".join(struct.pack("<H", len(k)) + k + struct.pack("<H", len(v)) + v for k, v in variables)
    return struct.pack("<BHB", modifier1, len(block), modifier2) + block + body

nginx = [(b"QUERY_STRING", b""), (b"REQUEST_METHOD", b"GET"), (b"CONTENT_TYPE", b""), (b"CONTENT_LENGTH", b""),
         (b"REQUEST_URI", b"/a?b"), (b"PATH_INFO", b"/a"), (b"SERVER_PROTOCOL", b"HTTP/1.1"), (b"HTTP_HOST", b"x")]
write("uwsgi", "nginx-get", uwsgi(nginx))
write("uwsgi", "nginx-get-pieces", uwsgi(nginx), 0x84)
write("uwsgi", "post-with-body", uwsgi([(b"REQUEST_METHOD", b"POST"), (b"CONTENT_LENGTH", b"3")], body=b"abc"))
write("uwsgi", "empty-block", uwsgi([]))
write("uwsgi", "cgi-modifier", uwsgi([(b"SCRIPT_NAME", b"/cgi")], modifier1=9))
write("uwsgi", "unsupported-modifier", uwsgi([(b"A", b"b")], modifier1=14))
write("uwsgi", "zero-length-key", struct.pack("<BHB", 0, 6, 0) + b"\0\0\x02\0ab")
write("uwsgi", "truncated-value", struct.pack("<BHB", 0, 7, 0) + b"\x01\0K\x09\0ab")
write("uwsgi", "small-limits", uwsgi([(b"K%d" % i, b"v") for i in range(12)]), 0x01)

# --- FastCGI records -------------------------------------------------------------------------------------------
def record(rtype, rid, content=b"", padding=0):
    return struct.pack(">BBHHBB", 1, rtype, rid, len(content), padding, 0) + content + b"\0" * padding

def pairs(items):
    out = b""
    for k, v in items:
        for length in (len(k), len(v)):
            out += bytes([length]) if length < 128 else struct.pack(">I", length | 0x80000000)
        out += k + v
    return out

params = pairs([(b"SCRIPT_FILENAME", b"/srv/app.php"), (b"REQUEST_METHOD", b"POST"), (b"CONTENT_LENGTH", b"5"),
                (b"HTTP_X_LONG", b"v" * 200)])
begin = lambda rid, role=1, flags=0: record(1, rid, struct.pack(">HB5x", role, flags))
request = begin(1) + record(4, 1, params, 3) + record(4, 1) + record(5, 1, b"hello") + record(5, 1)
write("fastcgi-records", "nginx-post", request)
write("fastcgi-records", "nginx-post-pieces", request, 0x87)
write("fastcgi-records", "keep-conn-two-requests", begin(1, flags=1) + record(4, 1, params) + record(4, 1) + record(5, 1)
      + begin(2) + record(4, 2) + record(5, 2))
write("fastcgi-records", "params-split-across-records",
      begin(1) + record(4, 1, params[:20]) + record(4, 1, params[20:]) + record(4, 1) + record(5, 1))
write("fastcgi-records", "filter-role-data", begin(1, role=3) + record(4, 1) + record(5, 1) + record(8, 1, b"file") + record(8, 1))
write("fastcgi-records", "abort", begin(1) + record(4, 1, params) + record(2, 1) + record(5, 1))
write("fastcgi-records", "get-values", record(9, 0, pairs([(b"FCGI_MAX_CONNS", b""), (b"FCGI_MPXS_CONNS", b"")])))
write("fastcgi-records", "unknown-type", record(200, 1, b"x") + record(12, 0))
write("fastcgi-records", "begin-while-busy", begin(1) + begin(2) + record(4, 1) + record(5, 1))
write("fastcgi-records", "unknown-role", begin(1, role=9) + record(4, 1))
write("fastcgi-records", "never-begun", record(5, 7, b"x"))

write("fastcgi-params", "nginx-params", params)
write("fastcgi-params", "split-in-length", params, 0x01)
write("fastcgi-params", "byte-by-byte", pairs([(b"A", b"b"), (b"LONG", b"x" * 130)]), 0x80)
write("fastcgi-params", "long-lengths", struct.pack(">II", 0x80000001, 0x80000002) + b"abc")
write("fastcgi-params", "empty-name", b"\0\x01v")
write("fastcgi-params", "truncated", b"\x05\x05abc")

# --- CGI output ------------------------------------------------------------------------------------------------
from_tests("cgi-response", "Cgi/Corpus/valid", [
    "001-printf-lf-document", "002-crlf-document", "004-status-with-reason", "008-status-after-other-fields",
    "015-local-redirect", "019-client-redirect-absolute", "020-client-redirect-with-document",
    "037-set-cookie-repeated-in-order", "045-php-cgi-output", "046-perl-cgi-pm-redirect", "053-open-output-incomplete"],
    ".out")
from_tests("cgi-response", "Cgi/Corpus/invalid", [
    "001-empty-output", "004-eof-inside-field-line", "019-cr-cr-lf-line-end", "023-http-status-line",
    "030-obs-fold-space", "041-status-conflicting"], ".out")
write("cgi-response", "nph-with-fields", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody", 0x40)
write("cgi-response", "nph-no-fields", b"HTTP/1.0 204 No Content\r\n\r\n", 0x40)
write("cgi-response", "nph-pieces", b"HTTP/1.1 404 Not Found\nX: y\n\n", 0x83)

# --- WebSocket client frames -------------------------------------------------------------------------------------
def frame(opcode, payload, fin=True, key=b"\x37\xfa\x21\x3d", rsv=0):
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    if n < 126:
        head = bytes([first, 0x80 | n])
    elif n < 65536:
        head = bytes([first, 0x80 | 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, 0x80 | 127]) + struct.pack(">Q", n)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))

write("websocket-frames", "text-hello", frame(1, b"Hello"))
write("websocket-frames", "fragmented-text-utf8", frame(1, "caf\u00e9 \u20ac".encode()[:5], fin=False)
      + frame(9, b"ping") + frame(0, "caf\u00e9 \u20ac".encode()[5:]))
write("websocket-frames", "binary-16bit-length", frame(2, bytes(range(256)) * 2))
write("websocket-frames", "binary-64bit-length", frame(2, b"\xaa" * 70000)[:14] + b"\0" * 40)
write("websocket-frames", "close-with-reason", frame(1, b"bye") + frame(8, struct.pack(">H", 1000) + b"done"))
write("websocket-frames", "close-empty", frame(8, b""))
write("websocket-frames", "close-bad-code", frame(8, struct.pack(">H", 1005)))
write("websocket-frames", "invalid-utf8-text", frame(1, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"))
write("websocket-frames", "unmasked", bytes([0x81, 0x02]) + b"hi")
write("websocket-frames", "ping-pieces", frame(9, b"0123456789") + frame(1, b"x" * 40), 0x82)
write("websocket-frames", "long-control", frame(9, b"p" * 126))

for name, data, control in [
    ("ascii", b"hello", 0), ("two-byte", "\u00e9\u00e8".encode(), 0x81), ("three-byte", "\u20ac\u2603".encode(), 0x40),
    ("four-byte", "\U0001F600".encode(), 0x80), ("surrogate", b"\xed\xa0\x80", 0), ("overlong", b"\xc0\xaf", 0),
    ("truncated", b"ab\xe2\x82", 0x20), ("above-max", b"\xf4\x90\x80\x80", 0x80), ("lone-continuation", b"\x80abc", 0),
]:
    write("websocket-utf8", name, data, control)

# --- configuration --------------------------------------------------------------------------------------------
write("config-ini", "basic", b"[uwsgi]\nhttp = 127.0.0.1:0\nmodule = app:application\nprocesses = 2\nmaster = true\n")
write("config-ini", "placeholders", b"[uwsgi]\nbase = /srv\nchdir = %(base)/app\nhttp = :0\nwsgi-file = %(chdir)/app.py\n")
write("config-ini", "logic-and-env", b"[uwsgi]\nif-env = HOME\nhttp = :0\nendif =\nfor = a b c\nenv = X_%(_)=1\nendfor =\n")
write("config-ini", "sections-and-comments", b"; comment\n# other\n[other]\nx = 1\n[uwsgi]\nsocket = /tmp/s.sock\nharakiri = 30\n")
write("config-ini", "errors", b"[uwsgi]\nprocesses = lots\nunknownthing = 1\nhttp\n= value\n[unclosed\n")
write("config-ini", "bom-and-crlf", b"\xef\xbb\xbf[uwsgi]\r\nhttp = :0\r\nmodule = a:b\r\n")
write("config-cli", "http-module", b"--http\0:0\0--module\0app:application\0--processes\x004")
write("config-cli", "short-and-equals", b"-s\0/tmp/s.sock\0--master\0--harakiri=30\0-w\0app")
write("config-cli", "asgi", b"asgi\0app:app\0--port\x000")
write("config-cli", "errors", b"--processes\0-1\0--nosuchoption\0--http")
write("config-cli", "help", b"--help")
