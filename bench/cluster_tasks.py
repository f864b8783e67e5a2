"""The django-q2 job of the two-node benchmark (bench/cluster.py): each run leaves one line naming its node.

The benchmark's qclusters run with PORTAL_BENCH_NODE (a, b) and PORTAL_BENCH_RUNS (the file) in their
environment; the benchmark then counts the lines: a job or a schedule's due time run twice shows twice.
Not part of the site: only the benchmark's schedules and queued tasks name it.
"""

import os
from collections import Counter


def record_run(label, due=""):
    """Append "<node> <label> <due>" in one write: lines appended by several processes never interleave."""
    line = f"{os.environ.get('PORTAL_BENCH_NODE', '?')}\t{label}\t{due}\n"
    handle = os.open(os.environ["PORTAL_BENCH_RUNS"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(handle, line.encode())
    finally:
        os.close(handle)


def read_runs(path):
    """[(node, label, due)] of every recorded run, in the order they were written."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return []
    return [tuple(line.split("\t")) for line in text.splitlines() if line]


def tally(runs):
    """(runs per node, runs per (label, due)): any (label, due) counted more than once ran more than once."""
    return Counter(node for node, _, _ in runs), Counter((label, due) for _, label, due in runs)
