"""Reducing the raw records of one row to the figures the report shows (medians and ranges)."""
import statistics


class RowSummary:
    """All runs of one row of one kind ("load" or "startup")."""

    def __init__(self, row_id, records):
        self.row_id = row_id
        self.records = records
        self.ok = [r for r in records if r.get("status") == "ok"]

    @property
    def available(self):
        return bool(self.ok)

    @property
    def status(self):
        """"ok", or the status and reason of the last failed run."""
        if self.ok:
            return "ok"
        last = self.records[-1] if self.records else {"status": "not run", "reason": ""}
        return f"{last.get('status')}: {last.get('reason', '')}"

    def median(self, key):
        values = self.values(key)
        return statistics.median(values) if values else None

    def values(self, key):
        return [r[key] for r in self.ok if r.get(key) is not None and r[key] == r[key]]  # drop NaN

    def range(self, key):
        values = self.values(key)
        return (min(values), max(values)) if values else (None, None)

    def errors(self):
        return sum(r.get("socket_errors", 0) + r.get("non2xx", 0) for r in self.ok)

    def processes(self):
        """[(label, median peak RSS MB, median peak PSS MB)] per process, matched across runs
        by label (the second 'uwsgi worker' of a run becomes 'uwsgi worker #2')."""
        per_label = {}
        order = []
        for record in self.ok:
            seen = {}
            for label, rss, pss in record.get("processes", []):
                seen[label] = seen.get(label, 0) + 1
                key = label if seen[label] == 1 else f"{label} #{seen[label]}"
                if key not in per_label:
                    per_label[key] = []
                    order.append(key)
                per_label[key].append((rss, pss))
        return [(k, statistics.median(v[0] for v in per_label[k]),
                 statistics.median(v[1] for v in per_label[k])) for k in order]


def summarize(records, kind):
    """{row id: RowSummary} of the records of one kind."""
    by_row = {}
    for record in records:
        if record.get("kind") == kind:
            by_row.setdefault(record["row"], []).append(record)
    return {row_id: RowSummary(row_id, rs) for row_id, rs in by_row.items()}


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator
