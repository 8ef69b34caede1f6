"""Before and after in one run: each gantry row against its twin on the --baseline binary
(rows.on_baseline). Issues ask for "throughput unchanged within the run-to-run spread", so
the ratio is shown beside that spread and the two are compared, rather than left to the
reader to work out from two table rows."""
from dataclasses import dataclass

from .rows import BASELINE, BY_ID
from .summary import ratio


@dataclass(frozen=True)
class Comparison:
    """One gantry row (`current`) against its baseline twin, both RowSummary of one run."""
    current: object
    baseline: object

    @property
    def ratio(self):
        """Median rps of this build / median rps of the baseline."""
        return ratio(self.current.median("rps"), self.baseline.median("rps"))

    def per_rep(self):
        """current / baseline rps of the two runs of each repetition, made back to back: a
        drift of the machine between repetitions moves both sides of a pair alike."""
        current, baseline = _rps_by_rep(self.current), _rps_by_rep(self.baseline)
        return [current[rep] / baseline[rep] for rep in sorted(current) if rep in baseline]

    def per_rep_range(self):
        """"min..max" of per_rep(), or "" when no repetition has both runs."""
        per_rep = self.per_rep()
        return f"{min(per_rep):.3f}..{max(per_rep):.3f}" if per_rep else ""

    def position(self):
        """"within" the run-to-run spread when the two rows' min..max ranges of rps overlap,
        else "faster" or "slower" beyond it; None with one run a side (no spread)."""
        if len(self.current.values("rps")) < 2 or len(self.baseline.values("rps")) < 2:
            return None
        lo, hi = self.current.range("rps")
        b_lo, b_hi = self.baseline.range("rps")
        return "faster" if lo > b_hi else "slower" if hi < b_lo else "within"

    def reading(self):
        return READINGS[self.position()]


READINGS = {"within": "within the spread", "faster": "faster, beyond the spread",
            "slower": "slower, beyond the spread", None: "one run a side: no spread"}


def comparisons(load_tables, loads):
    """[(table, gantry row id, Comparison)] for every gantry row measured with its twin, once, under the first table
    that shows it (the WSGI hello row is also the ASGI table's reference)."""
    found = []
    seen = set()
    for table in load_tables:
        for row_id, _ in table.rows:
            current, baseline = loads.get(row_id), loads.get(row_id + BASELINE)
            if row_id in seen:
                continue
            seen.add(row_id)
            if current and current.available and baseline and baseline.available:
                found.append((table, row_id, Comparison(current, baseline)))
    return found


def render(label, load_tables, loads):
    """The "Before and after" section, or nothing when no baseline row was measured."""
    found = comparisons(load_tables, loads)
    if not found:
        return []
    lines = [f"## Before and after: this build against {label}", "",
             f"Every gantry row ran again on the baseline binary ({label}) with the same arguments, "
             "right beside it in every repetition, the two in alternating order. *this / baseline*: "
             "ratio of the median rps; *per repetition*: the ratios of the two runs made back to back "
             "in each repetition (min..max), which drift between repetitions moves less; *spread*: "
             "each row's max − min rps as % of its median. The difference is *within the spread* "
             "when the two rows' min..max ranges overlap. *Per server CPU-s*: the same ratio of "
             "requests per second of server CPU, a cross-check less moved by other users of the core.",
             "",
             "| set-up | this build rps median (min..max) | baseline rps median (min..max) | this / baseline "
             "| per repetition | spread this / baseline | per server CPU-s this / baseline | reading |",
             "|---|---:|---:|---:|---|---:|---:|---|"]
    for table, row_id, c in found:
        cpu = ratio(c.current.median("rps_per_cpu"), c.baseline.median("rps_per_cpu"))
        lines.append(f"| {BY_ID[row_id].title} ({table.title}) | {_rps(c.current)} | {_rps(c.baseline)} "
                     f"| {_x(c.ratio)} | {c.per_rep_range()} | {_spread(c.current)} / {_spread(c.baseline)} "
                     f"| {_x(cpu)} | {c.reading()} |")
    return lines + [""]


def _rps_by_rep(summary):
    return {r["rep"]: r["rps"] for r in summary.ok if r.get("rps") and r["rps"] == r["rps"]}  # no NaN


def _x(value):
    # Three decimals: before/after differences of a few per cent are what is being read.
    return "–" if value is None else f"{value:.3f}×"


def _rps(summary):
    lo, hi = summary.range("rps")
    return f"{summary.median('rps'):,.0f} ({lo:,.0f}..{hi:,.0f})"


def _spread(summary):
    lo, hi = summary.range("rps")
    return f"{100 * (hi - lo) / summary.median('rps'):.1f} %"
