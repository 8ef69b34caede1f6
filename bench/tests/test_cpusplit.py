"""Tests of the per-process CPU split (cpusplit.py), of the behind-nginx table's CPU columns,
and of the sampler's per-process CPU with real processes. No timing assertions:
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import os
import subprocess
import unittest

from harness import cpusplit, proctree, report, targets
from harness.measure import Settings
from harness.rows import BY_ID
from harness.sampler import Sampler
from harness.scenarios import LOAD_TABLES, STARTUP_TABLE
from harness.summary import summarize

# The lead's hand measurement of nginx → uWSGI over TCP: 7,971 rps, nginx 66 %, uWSGI 32 %.
UWSGI_TCP = [("nginx master", 0.0, 0.0), ("nginx worker", 2.64, 3.96),
             ("uwsgi master", 0.0, 0.01), ("uwsgi worker", 1.0, 2.19)]


def load_record(row, rps, processes, window=10.0):
    record = {"row": row, "rep": 1, "kind": "load", "status": "ok", "rps": rps, "p50_ms": 1.0, "p99_ms": 2.0,
              "socket_errors": 0, "non2xx": 0, "requests": int(rps * window), "rss_mb": 30.0, "pss_mb": 20.0,
              "processes": [], "server_cpu_pct": 98.0, "rps_per_cpu": rps, "foreign_cpu_pct": 0.0,
              "others_server_core_pct": 0.0, "others_client_core_pct": 0.0, "busy_before_pct": 0.0,
              "client_cpu_pct": 40.0, "cpu_window_s": window, "process_cpu": [list(p) for p in processes]}
    record.update(cpusplit.split(processes, record["requests"], window))
    return record


class SplitTests(unittest.TestCase):
    def test_split_nginxAndUwsgi_percentagesPerRequestAndBound(self):
        s = cpusplit.split(UWSGI_TCP, requests=79710, window_s=10.0)
        self.assertAlmostEqual(s["front_cpu_pct"], 66.0)
        self.assertAlmostEqual(s["app_user_pct"], 10.0)
        self.assertAlmostEqual(s["app_sys_pct"], 22.0)
        self.assertAlmostEqual(s["front_us_per_req"], 6.6e6 / 79710)           # 82.8 µs
        self.assertAlmostEqual(s["app_us_per_req"], 3.2e6 / 79710)             # 40.1 µs
        self.assertAlmostEqual(s["zero_cost_bound"], 98.0 / 66.0)              # 1.48×

    def test_split_noNginx_wholeTreeIsTheServerAndNoBound(self):
        s = cpusplit.split([("gantry", 3.0, 6.5)], requests=600000, window_s=10.0)
        self.assertIsNone(s["front_cpu_pct"])
        self.assertIsNone(s["front_us_per_req"])
        self.assertIsNone(s["zero_cost_bound"])
        self.assertAlmostEqual((s["app_user_pct"], s["app_sys_pct"]), (30.0, 65.0))
        self.assertAlmostEqual(s["app_us_per_req"], 9.5e6 / 600000)

    def test_split_noRequests_perRequestFiguresAreNone(self):
        s = cpusplit.split(UWSGI_TCP, requests=0, window_s=10.0)
        self.assertIsNone(s["app_us_per_req"])
        self.assertIsNone(s["zero_cost_bound"])
        self.assertAlmostEqual(s["front_cpu_pct"], 66.0)

    def test_zeroCostBound_serverCostingAsMuchAsNginx_isTwo(self):
        self.assertEqual(cpusplit.zero_cost_bound(50.0, 50.0), 2.0)
        self.assertIsNone(cpusplit.zero_cost_bound(0.0, 50.0))


class CpuColumnsTests(unittest.TestCase):
    def setUp(self):
        gantry = [("nginx master", 0.0, 0.0), ("nginx worker", 2.56, 3.84), ("gantry", 1.1, 2.3)]
        self.records = [load_record("nginx-gantry-tcp", 6927.0, gantry), load_record("nginx-uwsgi-tcp", 7971.0, UWSGI_TCP)]
        self.meta = {"date": "2026-01-01", "name": "t", "reps": 1, "command": "bench/run.sh", "started": "s",
                     "ended": "e", "versions": {"gantry": "gantry 0.1.0"}}

    def test_render_behindNginx_showsSplitPerRequestAndBound(self):
        text = report.render(self.meta, Settings(), LOAD_TABLES, STARTUP_TABLE, self.records, {})
        row = next(line for line in text.splitlines() if line.startswith("| nginx → uWSGI (uwsgi_pass, TCP) |"))
        # nginx %, server % (user / sys), nginx µs/req, server µs/req, bound (min..max), wrk + driver %
        self.assertIn("| 66 | 32 (10 / 22) | 82.8 | 40.1 | 1.48× (1.48..1.48) | 40 |", row)
        self.assertEqual(row.count("|"), 24)
        header = next(line for line in text.splitlines() if line.startswith("| server | rps") and "nginx CPU %" in line)
        self.assertEqual(header.count("|"), row.count("|"))

    def test_render_helloTable_hasNoSplitColumns(self):
        records = [load_record("gantry", 60000.0, [("gantry", 3.0, 6.5)])]
        text = report.render(self.meta, Settings(), LOAD_TABLES, STARTUP_TABLE, records, {})
        row = next(line for line in text.splitlines() if line.startswith("| gantry --http |"))
        self.assertEqual(row.count("|"), 18)
        self.assertIn("| gantry 30 / 65 |", text)                       # every run: per process user / sys

    def test_targets_behindNginxTcp_namesTheBoundAgainstTheUwsgiRow(self):
        lines = targets.render(summarize(self.records, "load"), {})
        line = next(ln for ln in lines if "(uwsgi_pass, tcp)" in ln and "≥ 1.5×" in ln)
        self.assertIn("0.87× (6,927 / 7,971 rps); a server costing zero CPU would reach 1.48× this uWSGI row", line)
        self.assertIn("nginx 83 µs/req of the shared core, uWSGI 40 µs/req", line)

    def test_splitRows_putNginxOnTheClientCore(self):
        self.assertTrue(BY_ID["nginx-uwsgi-unix-split"].front_on_client_core)
        self.assertFalse(BY_ID["nginx-uwsgi-unix"].front_on_client_core)


class SamplerCpuTests(unittest.TestCase):
    def test_cpuByProcess_childComputingInUserSpace_userTimeAndItsPinnedCore(self):
        core = os.cpu_count() - 1
        # Pure computation (no syscalls, so the time is user time), then a line, then it waits.
        child = subprocess.Popen(["taskset", "-c", str(core), "/usr/bin/python3", "-c",
                                  "import sys\nsum(range(10 ** 7))\nprint('done', flush=True)\nsys.stdin.read()"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.addCleanup(lambda: (child.stdin.close(), child.stdout.close(), child.wait()))
        sampler = Sampler([child.pid], server_core=0, client_core=core)
        sampler.start()
        sampler.mark()
        self.assertEqual(child.stdout.readline(), b"done\n")
        sampler.stop()
        [(label, user, system)] = sampler.cpu_by_process()
        self.assertEqual(label, "python3")
        self.assertGreater(user, system)
        self.assertGreater(sampler.server_cpu_pct, 0.0)
        self.assertGreater(sampler.window_s, 0.0)
        self.assertEqual(sampler._pinned[(child.pid, proctree.read_stat(child.pid)["start"])], core)


if __name__ == "__main__":
    unittest.main()
