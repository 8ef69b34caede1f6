"""Tests of before/after runs (--baseline, --baseline-commit): option parsing, the baseline
twins of the gantry rows and their order, and the report's comparison. No load, no timing
assertions:
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import contextlib
import io
import os
import tempfile
import unittest
from types import SimpleNamespace

from harness import beforeafter, cli, report, targets
from harness.launch import RunContext
from harness.measure import Settings
from harness.rows import BY_ID
from harness.scenarios import LOAD_TABLES, STARTUP_TABLE, load_rows, rep_order, with_baseline
from harness.summary import summarize

META = {"date": "2026-01-01", "name": "t", "reps": 3, "command": "bench/run.sh", "started": "s",
        "ended": "e", "versions": {"gantry": "gantry 0.1.0"}, "baseline": "commit 3c9585a"}


def load(row, rps, rep):
    return {"row": row, "rep": rep, "kind": "load", "status": "ok", "rps": rps, "p50_ms": 1.0,
            "p99_ms": 2.0, "socket_errors": 0, "non2xx": 0, "rss_mb": 20.0, "pss_mb": 10.0,
            "processes": [["gantry", 20.0, 10.0]], "server_cpu_pct": 100.0, "rps_per_cpu": rps,
            "foreign_cpu_pct": 1.0, "others_server_core_pct": 0.0, "others_client_core_pct": 0.0,
            "busy_before_pct": 0.0}


def runs(row, *rps):
    """One load record of `row` per repetition, in order."""
    return [load(row, value, rep) for rep, value in enumerate(rps, start=1)]


def parse(*argv):
    """cli.parse_args, with argparse's usage message kept off the test output."""
    with contextlib.redirect_stderr(io.StringIO()):
        return cli.parse_args(list(argv))


class OptionTests(unittest.TestCase):
    def test_parseArgs_noBaseline_noTwinRows(self):
        args = parse()
        self.assertFalse(args.with_baseline)
        self.assertIsNone(args.baseline_label)

    def test_parseArgs_baselinePath_keptAsGivenLabelLeftToTheRun(self):
        args = parse("--baseline", "old/gantry", "--quick")
        self.assertEqual((args.baseline, args.baseline_commit, args.baseline_label), ("old/gantry", None, None))
        self.assertTrue(args.with_baseline)
        self.assertEqual(args.reps, 1)

    def test_parseArgs_baselineCommitWithLabel(self):
        args = parse("--baseline-commit", "3c9585a", "--baseline-label", "before the seam")
        self.assertEqual((args.baseline_commit, args.baseline_label), ("3c9585a", "before the seam"))
        self.assertTrue(args.with_baseline)

    def test_parseArgs_bothBaselines_isAnError(self):
        with self.assertRaises(SystemExit):
            parse("--baseline", "old/gantry", "--baseline-commit", "3c9585a")

    def test_parseArgs_labelWithoutBaseline_isAnError(self):
        with self.assertRaises(SystemExit):
            parse("--baseline-label", "old")

    def test_parseArgs_baselineRowWithoutBaseline_isAnError(self):
        with self.assertRaises(SystemExit):
            parse("--rows", "gantry,gantry-baseline")

    def test_baselineBinary_path_labelIsThePathAsGiven(self):
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, "gantry")
            with open(path, "w"):
                pass
            os.chmod(path, 0o755)
            found = cli._baseline_binary(parse("--baseline", path), repo=work)
            self.assertEqual((found.path, found.label), (path, path))
            self.assertIn("published", found.origin)
            labelled = cli._baseline_binary(parse("--baseline", path, "--baseline-label", "v0"), repo=work)
            self.assertEqual(labelled.label, "v0")

    def test_baselineBinary_notExecutable_exitsNamingIt(self):
        with self.assertRaisesRegex(SystemExit, "no/such/gantry"):
            cli._baseline_binary(parse("--baseline", "no/such/gantry"), repo="/")


class TwinRowTests(unittest.TestCase):
    def test_withBaseline_everyGantryRowFollowedByItsTwinReferencedToIt(self):
        tables = {t.id: t for t in with_baseline(LOAD_TABLES)}
        self.assertEqual(tables["hello"].rows[:3], (("gantry", "gantry"), ("gantry-baseline", "gantry"),
                                                    ("uwsgi-http-socket", "gantry")))
        self.assertEqual(tables["django"].rows[:2], (("gantry-django", "gantry-django"),
                                                     ("gantry-django-baseline", "gantry-django")))
        twins = [(row, ref) for row, ref in tables["nginx"].rows if row.endswith("-baseline")]
        self.assertEqual(twins, [(f"nginx-gantry-{t}-baseline", f"nginx-gantry-{t}")
                                 for t in ("tcp", "unix", "fastcgi-unix", "unix-split", "http-kept", "fastcgi-kept")])

    def test_withBaseline_peersAndWholeMachine_haveNoTwin(self):
        tables = {t.id: t for t in with_baseline(LOAD_TABLES)}
        self.assertEqual(tables["machine"], next(t for t in LOAD_TABLES if t.id == "machine"))
        self.assertNotIn("uwsgi-http-socket-baseline", load_rows(tables.values()))

    def test_twin_sameCommandOnTheBaselineBinary(self):
        paths = SimpleNamespace(bench="bench", apps="bench/apps", djhello="bench/djhello",
                                gantry="out/gantry", baseline="old/gantry", python="/usr/bin/python3")
        for row_id in ("gantry", "gantry-django", "nginx-gantry-unix-split"):
            current, twin = RunContext(paths, "$RUN", "$RUN", "t", 0, dry=True), \
                RunContext(paths, "$RUN", "$RUN", "t", 0, dry=True)
            BY_ID[row_id].start(current)
            BY_ID[row_id + "-baseline"].start(twin)
            self.assertTrue(current.commands[0].startswith("out/gantry "))
            self.assertEqual([c.replace("old/gantry", "out/gantry") for c in twin.commands], current.commands)
            self.assertEqual(BY_ID[row_id + "-baseline"].front_on_client_core, BY_ID[row_id].front_on_client_core)

    def test_repOrder_evenRepetitions_swapEachPairOnly(self):
        ids = ["gantry", "gantry-baseline", "uwsgi-http-socket", "gantry-django", "gantry-django-baseline"]
        self.assertEqual(rep_order(ids, 1), ids)
        self.assertEqual(rep_order(ids, 2), ["gantry-baseline", "gantry", "uwsgi-http-socket",
                                             "gantry-django-baseline", "gantry-django"])
        self.assertEqual(rep_order(ids, 3), ids)

    def test_repOrder_twinWithoutItsRow_staysInPlace(self):
        ids = ["uwsgi-http-socket", "gantry-baseline", "gunicorn"]
        self.assertEqual(rep_order(ids, 2), ids)


class BeforeAfterReportTests(unittest.TestCase):
    def render(self, records):
        return report.render(META, Settings(), with_baseline(LOAD_TABLES), STARTUP_TABLE, records, {})

    def test_render_overlappingRanges_withinTheSpreadAndTargetMet(self):
        text = self.render(runs("gantry", 30000.0, 31000.0, 29000.0)
                           + runs("gantry-baseline", 29500.0, 30500.0, 28000.0))
        self.assertIn("## Before and after: this build against commit 3c9585a", text)
        self.assertIn("| gantry --http (WSGI hello, one core) | 30,000 (29,000..31,000) | 29,500 (28,000..30,500) "
                      "| 1.017× | 1.016..1.036 | 6.7 % / 8.5 % | 1.017× | within the spread |", text)
        self.assertIn("| WSGI hello throughput unchanged within the run-to-run spread (same run, before and after) "
                      "| 1.017× the baseline (30,000 / 29,500 rps; per repetition 1.016..1.036): within the "
                      "spread | yes |", text)
        # The hello table shows the twin with its ratio against the gantry row.
        self.assertRegex(text, r"\| gantry --http \(baseline\) \| 29,500 \| 28,000\.\.30,500 \| 1\.02× \|")

    def test_render_slowerBeyondTheSpread_targetNotMet(self):
        text = self.render(runs("gantry", 27000.0, 27500.0, 26000.0)
                           + runs("gantry-baseline", 30000.0, 29000.0, 31000.0))
        self.assertIn("| 0.900× | 0.839..0.948 |", text)
        self.assertIn("): slower, beyond the spread | **no** |", text)

    def test_render_fasterBeyondTheSpread_targetMet(self):
        loads = summarize(runs("gantry", 33000.0, 34000.0) + runs("gantry-baseline", 30000.0, 31000.0), "load")
        [(_, row_id, comparison)] = beforeafter.comparisons(with_baseline(LOAD_TABLES), loads)
        self.assertEqual((row_id, comparison.position(), comparison.reading()),
                         ("gantry", "faster", "faster, beyond the spread"))

    def test_render_oneRunEach_noSpreadNoVerdict(self):
        text = self.render(runs("gantry", 30000.0) + runs("gantry-baseline", 20000.0))
        self.assertIn("| 1.500× | 1.500..1.500 | 0.0 % / 0.0 % | 1.500× | one run a side: no spread |", text)
        self.assertIn("one run a side: no spread | – |", text)

    def test_render_noBaselineRows_noSectionNoTarget(self):
        text = report.render(dict(META, baseline=None), Settings(), LOAD_TABLES, STARTUP_TABLE,
                             runs("gantry", 30000.0), {})
        self.assertNotIn("Before and after", text)
        self.assertNotIn("unchanged within", text)

    def test_perRep_pairsTheRunsOfEachRepetition(self):
        loads = summarize(runs("gantry", 100.0, 110.0, 120.0) + runs("gantry-baseline", 50.0, 100.0), "load")
        comparison = beforeafter.Comparison(loads["gantry"], loads["gantry-baseline"])
        self.assertEqual(comparison.per_rep(), [2.0, 1.1])

    def test_targets_baselineNotAvailable_saysSo(self):
        records = runs("gantry", 30000.0) + [{"row": "gantry-baseline", "rep": 1, "kind": "load",
                                              "status": "not available", "reason": "refused --http"}]
        line = next(ln for ln in targets.render(summarize(records, "load"), {}) if "unchanged within" in ln)
        self.assertIn("gantry-baseline: not available: refused --http | – |", line)


if __name__ == "__main__":
    unittest.main()
