"""Tests of before/after runs (--baseline, --baseline-commit): option parsing, the baseline
twins of the gantry rows and their order. No load, no timing assertions:
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import contextlib
import io
import os
import tempfile
import unittest
from types import SimpleNamespace

from harness import cli
from harness.launch import RunContext
from harness.rows import BY_ID
from harness.scenarios import LOAD_TABLES, load_rows, rep_order, with_baseline


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
                                 for t in ("tcp", "unix", "fastcgi-unix", "unix-split")])

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


if __name__ == "__main__":
    unittest.main()
