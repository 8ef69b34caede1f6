"""bench/harness/cpupairs.py: the per-pair ratios and the report, from made-up runs (no server started).
cd bench && /usr/bin/python3 -m unittest discover -s tests"""
import unittest
from types import SimpleNamespace

from harness import cpupairs


def run(rps, ns):
    return {"row": "r", "requests": int(rps * 3), "rps": rps, "server_ns": ns * rps * 3, "ns_per_req": ns,
            "server_cpu_pct": 90.0, "others_core0_pct": 5.0}


class CpuPairsTests(unittest.TestCase):
    PAIRS = [(run(60_000, 15_000), run(58_000, 15_300)),
             (run(50_000, 16_000), run(52_000, 16_480)),
             (run(40_000, 20_000), run(40_000, 20_200))]

    def test_summarize_medianOfPerPairRatios_notRatioOfMedians(self):
        s = cpupairs.summarize(self.PAIRS)
        self.assertAlmostEqual(s["cpu_ratio"]["median"], 1.02)
        self.assertAlmostEqual(s["cpu_ratio"]["min"], 1.01)
        self.assertAlmostEqual(s["cpu_ratio"]["max"], 1.03)
        self.assertAlmostEqual(s["diff_ns"]["median"], 300)
        self.assertAlmostEqual(s["rps_ratio"]["median"], 1.0)     # 0.967, 1.04, 1.0

    def test_render_namesBothMeasuresAndEveryPair(self):
        args = SimpleNamespace(row_ids=["gantry-master-quiet", "gantry-master-observed"], warmup=2, pairs=3, duration=3,
                               connections=32, together=True, quiet_wait=1, quiet_pct=15)
        meta = {"date": "2026-12-07", "name": "t", "command": "bench/cpu-pairs.sh", "started": "s", "ended": "e",
                "load_before": "1", "load_after": "1", "gantry": "g", "commands": {r: "cmd" for r in args.row_ids}}
        text = cpupairs.render(meta, args, cpupairs.summarize(self.PAIRS), self.PAIRS)
        self.assertIn("| B/A CPU per request | 1.0200 |", text)
        self.assertIn("| B/A rps |", text)
        self.assertIn("`wrk -t1 -c32 -d3s`", text)
        self.assertEqual(3, sum(1 for line in text.splitlines() if line.startswith("| ") and "| together |" in line))


if __name__ == "__main__":
    unittest.main()
