"""我要贷款 benchmark: rank 5,000 live products for one enterprise; prints p50/p95 in milliseconds.

Scores the products as the view does (finance_market.matching.rank) on Candidate rows shaped like
load_candidates() returns, built from a fixed random seed (varied amounts, terms, rates, industries,
regions, sizes and guarantees, so every exclusion path and every bonus is exercised). The database
read of the candidates is measured separately by the marketplace's query-count tests.

    .venv/bin/python bench/matching.py
    BENCH_PRODUCTS=20000 BENCH_RUNS=100 .venv/bin/python bench/matching.py
"""

import gc
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_portal.settings.test")

import django

django.setup()

from core.money import WAN  # noqa: E402
from finance_market.matching import Candidate, Profile, Request, rank  # noqa: E402

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "5000"))
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
W = WAN


def candidates(n, rng):
    sizes = ["micro", "small", "medium", "large"]
    methods = ["credit", "mortgage", "pledge", "guarantee"]
    rows = []
    for pk in range(1, n + 1):
        low = rng.choice([1, 5, 10, 50, 100])
        rows.append(Candidate(
            pk=pk, amount_min=low * W, amount_max=low * W * rng.choice([10, 20, 50]), term_min=rng.choice([1, 3, 6]),
            term_max=rng.choice([12, 24, 36, 60]), rate_min=Decimal(rng.randint(300, 900)) / 100,
            sort_order=rng.randint(1, 100), guarantees=frozenset(rng.sample(methods, rng.randint(1, 2))),
            sizes=frozenset(rng.sample(sizes, rng.randint(0, 2))),
            industries=frozenset(rng.sample(range(1, 118), rng.choice([0, 0, 1, 3]))),
            regions=frozenset(rng.sample(range(1, 7), rng.choice([0, 0, 2]))),
        ))
    return rows


def main():
    rng = random.Random(2026)
    rows = candidates(PRODUCTS, rng)
    profile = Profile(industry_id=34, section_id=3, industry_name="通用设备制造业", region_id=1,
                      region_name="城关街道", size="small")
    request = Request(amount=100 * W, term_months=12, collateral=frozenset({"mortgage"}))
    eligible, excluded = rank(rows, profile, request)
    gc.collect()
    gc.freeze()  # the candidate rows are long-lived (a cache in production): keep them out of GC scans
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        rank(rows, profile, request)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(f"matching {PRODUCTS} products × {RUNS} runs: {len(eligible)} eligible, {len(excluded)} excluded")
    # CPU time is what the matching itself costs; wall time also counts waiting for a busy machine's cores.
    for name, timings in (("wall", sorted(wall)), ("cpu ", sorted(cpu))):
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{name}  p50 {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms   max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
