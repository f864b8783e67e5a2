"""Search benchmark: typical Chinese queries with facets, full-text index vs a plain icontains scan.

    .venv/bin/python bench/search.py                       # 100,000 documents, SQLite and PostgreSQL
    .venv/bin/python bench/search.py --docs 10000 --databases sqlite

Each database is seeded once (``seed_demo --scale N/1000``; idempotent, so later runs reuse it):
SQLite in $BENCH_SQLITE (default /tmp/portal_bench.sqlite3), PostgreSQL at $BENCH_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432/portal_search_bench, which must exist).
A search here is what /search/ does: facet counts + the ranked first page + loading and
highlighting the ten pages. The icontains baseline runs the same facets and page through the
same code with the match replaced by ``title/summary icontains`` on every word.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    ("小微企业", {}),
    ("贷款", {"type": "policy"}),
    ("担保", {"year": "2022"}),
    ("乡村振兴 贴息", {}),
    ("科技创新", {"category": "policy:innovation"}),
    ("信用贷款", {"department": "中国人民银行"}),
    ("绿色金融 风险补偿", {"type": "news"}),
    ("首贷", {}),
    ("外贸", {"year": "2021"}),
    ("普惠金融 税收优惠", {}),
    # selective queries (a few hits), as most real queries are: the bulk corpus repeats 60 titles
    ("第4321号", {}),
    ("风险补偿 8888", {}),
    ("小微企业 10001", {"type": "policy"}),
]
DATABASES = {
    "sqlite": lambda: "sqlite:///" + os.environ.get("BENCH_SQLITE", "/tmp/portal_bench.sqlite3"),
    "postgres": lambda: os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/portal_search_bench"
    ),
}


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class IcontainsMatcher:
    """The baseline: every word must occur in the title or summary (a sequential scan)."""

    def __init__(self, query_string, queryset):
        from django.db.models import Q

        from search import registry

        condition = Q()
        for word in query_string.split():
            either = Q(title__icontains=word)
            for searchable in registry.searchable_types():
                either |= Q(**{searchable.lookup("summary") + "__icontains": word})
            condition &= either
        self.queryset = queryset.filter(condition)

    def matched_queryset(self):
        return self.queryset

    def ranked_ids(self, start, stop):
        return [(pk, 0.0) for pk in self.queryset.order_by("-pk").values_list("pk", flat=True)[start:stop]]


class IcontainsBackend:
    def matcher(self, query_string, queryset, fields=None, operator="and"):
        return IcontainsMatcher(query_string, queryset)


def ensure_corpus(docs):
    from django.core.management import call_command
    from wagtail.models import Page

    call_command("migrate", verbosity=0)
    have = Page.objects.filter(slug__startswith="bulk-").count()
    if have < docs:
        print(f"  seeding {docs - have} pages (seed_demo --scale {docs // 1000}) ...", flush=True)
        started = time.perf_counter()
        call_command("seed_demo", scale=max(2, docs // 1000), quiet_logins=True, stdout=io.StringIO())
        print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics; PostgreSQL also drops the seeding's dead rows
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return Page.objects.live().count()


def measure(backend, repeat):
    from search.engine import SearchRequest, run_search

    timings, totals = {}, {}
    for q, selected in QUERIES:
        request = SearchRequest(q=q, selected=selected)
        totals[q] = run_search(request, backend=backend).total  # warm-up
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            run_search(request, backend=backend)
            samples.append((time.perf_counter() - started) * 1000)
        timings[q] = samples
    return timings, totals


def child(args):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_portal.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    pages = ensure_corpus(args.docs)
    print(f"\n== {connection.vendor}: {pages} live pages ==", flush=True)
    fts, fts_totals = measure(get_search_backend(), args.repeat)
    scan, scan_totals = measure(IcontainsBackend(), args.scan_repeat)
    print(f"{'query':<22}{'facet':<24}{'hits':>7}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'scan hits':>11}{'scan p50':>10}{'scan p95':>10}{'ratio p95':>11}")
    for q, selected in QUERIES:
        facet = ",".join(f"{k}={v}" for k, v in selected.items()) or "-"
        ratio = percentile(scan[q], 0.95) / percentile(fts[q], 0.95)
        print(f"{q:<20}{facet:<24}{fts_totals[q]:>7}{percentile(fts[q], .5):>9.1f}{percentile(fts[q], .95):>9.1f}"
              f"{scan_totals[q]:>11}{percentile(scan[q], .5):>10.1f}{percentile(scan[q], .95):>10.1f}{ratio:>10.1f}x")
    all_fts = [s for samples in fts.values() for s in samples]
    all_scan = [s for samples in scan.values() for s in samples]
    print(f"ALL queries: full-text p50 {statistics.median(all_fts):.1f} ms, p95 {percentile(all_fts, .95):.1f} ms; "
          f"icontains p50 {statistics.median(all_scan):.1f} ms, p95 {percentile(all_scan, .95):.1f} ms; "
          f"ratio p50 {statistics.median(all_scan) / statistics.median(all_fts):.1f}x, "
          f"p95 {percentile(all_scan, .95) / percentile(all_fts, .95):.1f}x", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (full-text)")
    parser.add_argument("--scan-repeat", type=int, default=5, help="timed runs per query (icontains)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per database, seeding included")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    for name in args.databases.split(","):
        env = {**os.environ, "DATABASE_URL": DATABASES[name]()}
        command = [sys.executable, __file__, "--child", "--docs", str(args.docs), "--repeat", str(args.repeat),
                   "--scan-repeat", str(args.scan_repeat)]
        try:
            subprocess.run(command, env=env, cwd=ROOT, check=False, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{name}: gave up after {args.timeout} s")


if __name__ == "__main__":
    main()
