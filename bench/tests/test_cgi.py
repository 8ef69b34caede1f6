"""Tests of the CGI scenario: its rows and their command lines, its table and targets, the
apache2 config, the peers started for real and probed for the CGI body (skipped where apache2
or uWSGI's cgi plugin is not installed), a gantry that refuses --cgi, and the CPU of
per-request processes counted through a cgroup. No load, no timing assertions:
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest
from types import SimpleNamespace

from harness import apache, measure, report, targets
from harness.cpugroup import CpuGroup
from harness.launch import RunContext
from harness.measure import Settings
from harness.rows import BY_ID, CGI_HELLO
from harness.sampler import PER_REQUEST, Sampler
from harness.scenarios import LOAD_TABLES, STARTUP_TABLE, load_rows, with_baseline
from harness.summary import summarize

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOWN = SimpleNamespace(bench="bench", apps="bench/apps", cgi="$RUN/cgi-bin", djhello="bench/djhello",
                        gantry="out/gantry", baseline="old/gantry", python="/usr/bin/python3")
CGI_ROWS = [f"{server}-cgi-{script}" for script in ("sh", "py") for server in ("gantry", "uwsgi", "apache")]


def dry(row_id, paths=SHOWN):
    ctx = RunContext(paths, "$RUN", "$RUN", row_id, 0, dry=True)
    BY_ID[row_id].start(ctx)
    return ctx.commands


def load(row, rps):
    return {"row": row, "rep": 1, "kind": "load", "status": "ok", "rps": rps, "p50_ms": 1.0, "p99_ms": 2.0,
            "socket_errors": 0, "non2xx": 0, "rss_mb": 20.0, "pss_mb": 10.0, "processes": [["x", 20.0, 10.0]],
            "server_cpu_pct": 100.0, "rps_per_cpu": rps, "foreign_cpu_pct": 1.0,
            "others_server_core_pct": 0.0, "others_client_core_pct": 0.0, "busy_before_pct": 0.0}


class ScriptTests(unittest.TestCase):
    def test_scripts_executableAndPrintTheHello(self):
        for name in ("hello.sh", "hello.py"):
            path = os.path.join(BENCH, "apps", "cgi", name)
            self.assertTrue(os.stat(path).st_mode & stat.S_IXOTH, name)
            out = subprocess.run([path], capture_output=True, check=True).stdout
            self.assertEqual(out, b"Content-Type: text/plain\n\nHello, World!\n", name)


class RowTests(unittest.TestCase):
    def test_cgiRows_requestTheirScriptExpectTheCgiBodyAndCountPerRequestProcesses(self):
        for row_id in CGI_ROWS:
            row = BY_ID[row_id]
            self.assertEqual(row.path, "/cgi-bin/hello." + row_id.rsplit("-", 1)[1])
            self.assertEqual((row.body, row.forks_per_request, row.wrk_args),
                             (CGI_HELLO, True, ("--timeout", "30s")))
            self.assertEqual(row.gantry, row_id.startswith("gantry-"))

    def test_gantryRow_httpSocketCgiMountNoRequestLog(self):
        self.assertEqual(dry("gantry-cgi-sh"), ["out/gantry --http-socket 127.0.0.1:8000 --cgi /cgi-bin=$RUN/cgi-bin "
                                                "--disable-logging"])

    def test_uwsgiRow_cgiPluginModifier9OneWorkerNoRequestLog(self):
        [command] = dry("uwsgi-cgi-py")
        self.assertTrue(command.startswith("uwsgi --plugin cgi --master --processes 1 --disable-logging "))
        self.assertIn("--http-socket 127.0.0.1:8000 --http-socket-modifier1 9 --cgi /cgi-bin=$RUN/cgi-bin", command)
        self.assertNotIn("--need-app", command)

    def test_apacheRow_describedWithItsMpmAndModule(self):
        [command] = dry("apache-cgi-sh")
        self.assertIn("-DFOREGROUND (mpm_event, 1 child process × 64 threads, mod_cgid", command)

    def test_baselineTwins_keepPathBodyAndWrkArguments(self):
        for row_id in ("gantry-cgi-sh", "gantry-cgi-py"):
            row, twin = BY_ID[row_id], BY_ID[row_id + "-baseline"]
            self.assertEqual((twin.path, twin.body, twin.forks_per_request, twin.wrk_args),
                             (row.path, row.body, row.forks_per_request, row.wrk_args))
            self.assertEqual([c.replace("old/gantry", "out/gantry") for c in dry(twin.id)], dry(row_id))


class ApacheConfigTests(unittest.TestCase):
    def test_config_oneChildCgidScriptAliasNoAccessLog(self):
        text = apache.config("/run/a", 8123, "/logs/error.log", "/run/cgi-bin")
        for line in ("Listen 127.0.0.1:8123", "ServerLimit 1", "StartServers 1", "ThreadsPerChild 64",
                     "MaxRequestWorkers 64", "LoadModule cgid_module", "ScriptSock /run/a/cgisock",
                     "ScriptAlias /cgi-bin/ /run/cgi-bin/", "ErrorLog /logs/error.log", "PidFile /run/a/",
                     "MaxKeepAliveRequests 0"):
            self.assertIn(line, text)
        for absent in ("CustomLog", "TransferLog", "mod_cgi.so", "prefork"):
            self.assertNotIn(absent, text)


class ScenarioTests(unittest.TestCase):
    def test_cgiTable_eachScriptAgainstItsGantryRow(self):
        table = next(t for t in LOAD_TABLES if t.id == "cgi")
        self.assertEqual(table.rows, tuple((r, "gantry-cgi-" + r.rsplit("-", 1)[1]) for r in CGI_ROWS))
        twins = [(row, ref) for row, ref in next(t for t in with_baseline([table])).rows if row.endswith("-baseline")]
        self.assertEqual(twins, [("gantry-cgi-sh-baseline", "gantry-cgi-sh"), ("gantry-cgi-py-baseline", "gantry-cgi-py")])
        self.assertEqual(load_rows([table]), CGI_ROWS)

    def test_targets_gantryTwiceUwsgiAndEqualToApache_firstMetSecondMet(self):
        loads = summarize([load("gantry-cgi-sh", 1000.0), load("uwsgi-cgi-sh", 500.0), load("apache-cgi-sh", 1000.0),
                           load("gantry-cgi-py", 30.0), load("uwsgi-cgi-py", 25.0), load("apache-cgi-py", 40.0)], "load")
        text = "\n".join(targets.render(loads, {}))
        self.assertIn("| CGI hello (shell, hello.sh) ≥ 1.5× uWSGI --plugin cgi | 2.00× (1,000 / 500 rps) | yes |", text)
        self.assertIn("| CGI hello (shell, hello.sh) ≥ 1.0× apache2 mod_cgid | 1.00× (1,000 / 1,000 rps) | yes |", text)
        self.assertIn("| CGI hello (Python, hello.py) ≥ 1.5× uWSGI --plugin cgi | 1.20× (30 / 25 rps) | **no** |", text)
        self.assertIn("| CGI hello (Python, hello.py) ≥ 1.0× apache2 mod_cgid | 0.75× (30 / 40 rps) | **no** |", text)

    def test_render_gantryNotAvailable_rowAndTargetsSaySoPeersMeasured(self):
        records = [{"row": "gantry-cgi-sh", "rep": 1, "kind": "load", "status": "not available",
                    "reason": "gantry exited with 1: gantry: cgi: CGI scripts are not served yet"},
                   load("uwsgi-cgi-sh", 200.0), load("apache-cgi-sh", 150.0)]
        meta = {"date": "2026-01-01", "name": "t", "reps": 1, "command": "bench/run.sh", "started": "s",
                "ended": "e", "versions": {"gantry": "gantry 0.1.0"}}
        commands = {row_id: dry(row_id) for row_id in CGI_ROWS}
        text = report.render(meta, Settings(), LOAD_TABLES, STARTUP_TABLE, records, commands)
        self.assertIn("| gantry --http-socket --cgi (hello.sh) | not available: gantry exited with 1: gantry: cgi: "
                      "CGI scripts are not served yet |", text)
        self.assertRegex(text, r"\| uWSGI --plugin cgi \(hello\.sh\) \| 200 \| 200\.\.200 \| – \|")
        self.assertIn("| CGI hello (shell, hello.sh) ≥ 1.5× uWSGI --plugin cgi | gantry-cgi-sh: not available: "
                      "gantry exited with 1: gantry: cgi: CGI scripts are not served yet | – |", text)
        self.assertIn("wrk and the readiness probe request `/cgi-bin/hello.py` (wrk adds `--timeout 30s`)", text)


class StartTests(unittest.TestCase):
    """The rows' own start functions and the harness's readiness check (200 and the body)."""

    def setUp(self):
        self.run_dir = tempfile.mkdtemp(prefix="gantry-bench-test.", dir="/tmp")
        self.addCleanup(shutil.rmtree, self.run_dir, True)
        os.chmod(self.run_dir, 0o755)                   # apache2's www-data runs the scripts
        shutil.copytree(os.path.join(BENCH, "apps", "cgi"), os.path.join(self.run_dir, "cgi-bin"))
        self.paths = SimpleNamespace(cgi=os.path.join(self.run_dir, "cgi-bin"),
                                     gantry=os.path.join(self.run_dir, "gantry"))

    def start(self, row_id):
        row = BY_ID[row_id]
        ctx = RunContext(self.paths, self.run_dir, self.run_dir, row_id, 0, url_path=row.path)
        record = {}
        try:
            measure._start(row, ctx, Settings(ready_timeout=30), record)
        finally:
            record["stop"] = ctx.stop()
        return record

    @unittest.skipUnless(shutil.which("apache2") and os.geteuid() == 0, "apache2 (as root) not here")
    def test_apacheRow_servesTheShellHelloAndStops(self):
        record = self.start("apache-cgi-sh")
        self.assertNotIn("status", record, record.get("reason"))
        self.assertIn("startup_ms", record)
        self.assertRegex(record["stop"], r"^apache2: stopped \d+ process\(es\)$")

    @unittest.skipUnless(os.path.exists("/usr/lib/uwsgi/plugins/cgi_plugin.so"), "uWSGI's cgi plugin not here")
    def test_uwsgiRow_servesThePythonHelloAndStops(self):
        record = self.start("uwsgi-cgi-py")
        self.assertNotIn("status", record, record.get("reason"))
        self.assertRegex(record["stop"], r"^uwsgi: stopped \d+ process\(es\)$")

    def test_gantryRow_refusesCgi_notAvailableWithItsMessage(self):
        with open(self.paths.gantry, "w") as f:
            f.write("#!/bin/sh\necho 'gantry: cgi: CGI scripts are not served yet in this version' >&2\nexit 1\n")
        os.chmod(self.paths.gantry, 0o755)
        record = self.start("gantry-cgi-sh")
        self.assertEqual(record["status"], "not available")
        self.assertIn("gantry exited with 1: gantry: cgi: CGI scripts are not served yet", record["reason"])


class PerRequestCpuTests(unittest.TestCase):
    def test_sampler_shortLivedChildren_foldedIntoOneRowWithTheirCpu(self):
        group = CpuGroup.create(f"gantry-bench-test.{os.getpid()}")
        if group is None:
            self.skipTest("no cgroup can be made here (not root, or no cgroup filesystem)")
        self.addCleanup(group.remove)
        parent = subprocess.Popen(["sh", "-c", "read line; for i in $(seq 200); do /bin/true; done; echo done; "
                                   "read line"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=group.join)
        self.addCleanup(parent.wait)
        sampler = Sampler([parent.pid], server_core=0, client_core=os.cpu_count() - 1, cpu_group=group)
        sampler.start()
        sampler.mark()
        parent.stdin.write(b"go\n")
        parent.stdin.flush()
        self.assertEqual(parent.stdout.readline(), b"done\n")   # the 200 children have run
        self.assertLess(group.wait_idle(timeout=20), 20)
        sampler.stop()
        parent.stdin.close()
        parent.stdout.close()
        labels = [label for label, _, _ in sampler.cpu_by_process()]
        self.assertEqual(labels, ["sh", PER_REQUEST])
        user, system = sampler.per_request_cpu
        self.assertGreater(user + system, 0)
        self.assertGreaterEqual(sampler.server_cpu_pct, 100 * (user + system) / sampler.window_s - 1e-6)


if __name__ == "__main__":
    unittest.main()
