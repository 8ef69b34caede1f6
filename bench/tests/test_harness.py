"""Tests of the harness's own parts, with real processes and sockets (no load, a few seconds):
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import os
import signal
import socket
import subprocess
import threading
import unittest

from harness import probe, proctree, report, whole, wrk
from harness.measure import Settings
from harness.rows import BY_ID
from harness.sampler import Sampler
from harness.scenarios import LOAD_TABLES, STARTUP_TABLE
from harness.summary import RowSummary

WRK_REPORT = """Running 2s test @ http://127.0.0.1:52209/
  1 threads and 32 connections
  Latency Distribution
     50%  638.00us
     75%    4.19ms
     99%   13.02ms
  37515 requests in 2.01s, 2.72MB read
  Socket errors: connect 0, read 19645, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:  18675.42
"""


def serve_once(response):
    """A loopback server that answers one connection with `response` and keeps it open
    until the client closes (as uWSGI --http11-socket does). Returns its port."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run():
        conn, _ = listener.accept()
        with conn, listener:
            conn.recv(65536)
            conn.sendall(response)
            conn.recv(1)                     # returns when the client closes

    threading.Thread(target=run, daemon=True).start()
    return listener.getsockname()[1]


class WrkTests(unittest.TestCase):
    def test_parse_latencyReport_readsEveryFigure(self):
        r = wrk.parse(WRK_REPORT)
        self.assertEqual((r.rps, r.p50_ms, r.p99_ms), (18675.42, 0.638, 13.02))
        self.assertEqual((r.socket_errors, r.non2xx, r.requests), (19647, 7, 37515))

    def test_parse_emptyOutput_givesNaNAndZeros(self):
        r = wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")
        self.assertNotEqual(r.rps, r.rps)
        self.assertEqual(r.requests, 0)


class PlacementTests(unittest.TestCase):
    def test_placement_wholeMachineRow_unpinnedTwoThreads64Connections(self):
        cpus = ",".join(str(c) for c in range(os.cpu_count()))
        self.assertEqual((cpus, cpus, 2, 64), whole.placement(BY_ID["gantry-2w"], Settings()))

    def test_placement_oneCoreRow_serverAndClientCoresFromSettings(self):
        self.assertEqual((0, 1, 1, 32), whole.placement(BY_ID["gantry"], Settings()))


class ProbeTests(unittest.TestCase):
    def test_get_contentLengthOnOpenConnection_returnsWithoutWaitingForClose(self):
        port = serve_once(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nHello World")
        self.assertEqual(probe.get("127.0.0.1", port, timeout=5), (200, b"Hello World"))

    def test_get_chunkedBody_isDecoded(self):
        port = serve_once(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"5\r\nHello\r\n6;x=y\r\n World\r\n0\r\n\r\n")
        self.assertEqual(probe.get("127.0.0.1", port, timeout=5), (200, b"Hello World"))

    def test_waitFor200_deadProcess_raisesItsReason(self):
        with self.assertRaisesRegex(RuntimeError, "exited"):
            probe.wait_for_200("127.0.0.1", 1, "/", 0, lambda: "server exited")


class ProcessTreeTests(unittest.TestCase):
    def test_stopTree_rootThatForwardsNothing_killsTheOrphanedChildToo(self):
        shell = subprocess.Popen(["sh", "-c", "sleep 60 & wait"])
        self.addCleanup(shell.wait)
        members = self._wait_for_members(shell.pid, 2)
        child = next(p for p in members if p != shell.pid)
        outcome = proctree.stop_tree([(shell.pid, signal.SIGTERM)], timeout=1)
        self.assertIn(f"SIGKILLed [{child}]", outcome)
        self.assertFalse(any(proctree.alive(p, s["start"]) for p, s in members.items()))

    def test_stopTree_rootThatExecs_stopsWithinTimeout(self):
        proc = subprocess.Popen(["sleep", "60"])
        self.addCleanup(proc.wait)
        self._wait_for_members(proc.pid, 1)
        self.assertEqual(proctree.stop_tree([(proc.pid, signal.SIGTERM)], timeout=5), "stopped 1 process(es)")

    def test_sampler_shellWithChild_recordsMemoryAndRoles(self):
        shell = subprocess.Popen(["sh", "-c", "sleep 60 & wait"])
        self.addCleanup(lambda: (proctree.stop_tree([(shell.pid, signal.SIGTERM)], timeout=1), shell.wait()))
        self._wait_for_members(shell.pid, 2)
        sampler = Sampler([shell.pid], server_core=0, client_core=os.cpu_count() - 1)
        sampler.sample_once()
        labels = [label for label, _, _ in sampler.processes()]
        self.assertEqual(labels, ["sh master", "sleep worker"])
        self.assertGreater(sampler.peak_rss_kb, 0)
        self.assertGreater(sampler.peak_pss_kb, 0)

    @staticmethod
    def _wait_for_members(pid, count):
        for _ in range(500):
            members = proctree.tree([pid])
            if len(members) == count:
                return members
            threading.Event().wait(0.01)
        raise AssertionError(f"tree of {pid} never had {count} processes")


class ReportTests(unittest.TestCase):
    @staticmethod
    def _load(row, rps, rep=1):
        return {"row": row, "rep": rep, "kind": "load", "status": "ok", "rps": rps, "p50_ms": 1.0,
                "p99_ms": 2.0, "socket_errors": 0, "non2xx": 0, "rss_mb": 20.0, "pss_mb": 10.0,
                "processes": [["uwsgi master", 10.0, 4.0], ["uwsgi worker", 10.0, 6.0]],
                "server_cpu_pct": 100.0, "rps_per_cpu": rps, "foreign_cpu_pct": 1.0,
                "others_server_core_pct": 0.0, "others_client_core_pct": 0.0, "busy_before_pct": 0.0}

    def test_rowSummary_threeRuns_mediansAndRange(self):
        s = RowSummary("gantry", [self._load("gantry", v) for v in (30.0, 10.0, 20.0)])
        self.assertEqual((s.median("rps"), s.range("rps")), (20.0, (10.0, 30.0)))
        self.assertEqual(s.processes(), [("uwsgi master", 10.0, 4.0), ("uwsgi worker", 10.0, 6.0)])

    def test_render_peerAtHalfRate_showsRatioTwoAndNotAvailableRows(self):
        records = [self._load("gantry", 40000.0), self._load("uwsgi-http-socket", 20000.0),
                   {"row": "nginx-gantry-tcp", "rep": 1, "kind": "load", "status": "not available",
                    "reason": "gantry accepted --socket but did not bind it"}]
        meta = {"date": "2026-01-01", "name": "t", "reps": 1, "command": "bench/run.sh", "started": "s",
                "ended": "e", "versions": {"gantry": "gantry 0.1.0"}}
        text = report.render(meta, Settings(), LOAD_TABLES, STARTUP_TABLE, records, {})
        self.assertRegex(text, r"\| uWSGI --http-socket \| 20,000 \| 20,000\.\.20,000 \| 2\.00× \|")
        self.assertIn("| WSGI hello ≥ 3× uWSGI --http-socket | 2.00× (40,000 / 20,000 rps) | **no** |", text)
        self.assertIn("not available: gantry accepted --socket but did not bind it", text)


if __name__ == "__main__":
    unittest.main()
