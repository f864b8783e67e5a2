"""Search benchmark: typical Chinese queries with facets, full-text index vs a plain icontains scan.

    .venv/bin/python bench/search.py                       # 100,000 documents, SQLite and PostgreSQL
    .venv/bin/python bench/search.py --docs 10000 --databases sqlite
    .venv/bin/python bench/search.py --code /tmp/old-src   # the same queries run by another checkout's code
    .venv/bin/python bench/search.py --docs 1000000 --databases postgres --scan-repeat 0

Each database is seeded once and reused by later runs (idempotent: more --docs adds the missing pages): PostgreSQL
at $BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/portal_search_bench, which must exist) gets the
demo site (seed_demo) and the bulk pages written with COPY by demo.search_corpus (the pages seed_demo --scale makes,
indexed as the real indexer does; the build time is printed); SQLite in $BENCH_SQLITE (default
/tmp/portal_bench.sqlite3) gets ``seed_demo --scale N/1000``.
"Cold" runs forget the cached facet counts and ranked pages before each search (as any document write does); the
database's own buffers stay as they are (a live site's are warm too). The queries of several words that match many
documents get their facet counts kept first (``count_search_queries``, as a live site's daily job does for its
frequent queries).
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
    # broad: one common word, matching a third or more of the corpus
    ("贷款", {}),
    ("贷款", {"type": "policy"}),
    ("企业", {}),
    ("担保", {"year": "2022"}),
    ("融资", {}),
    # typical: a subject and/or a kind, a few per cent of the corpus, with and without facets
    ("小微企业", {}),
    ("乡村振兴 贴息", {}),
    ("科技创新", {"category": "policy:innovation"}),
    ("信用贷款", {"department": "人民银行"}),  # the department owning the channel (issue 20)
    ("绿色金融 风险补偿", {"type": "news"}),
    ("首贷", {}),
    ("外贸", {"year": "2021"}),
    ("普惠金融 税收优惠", {}),
    ("南湖县 预制菜", {}),
    ("专精特新 股权投资", {}),
    # selective: a document number
    ("第4321号", {}),
    ("8888", {}),
    ("第10001号", {"type": "policy"}),
    # a short name the synonym table expands (工行 → 工商银行, 中国工商银行); 贷款, 融资 and 小微企业 above expand too
    ("工行", {}),
]
BROAD_SHARE = 0.10  # a query matching more than this share of the live pages is reported as broad
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
                if not getattr(searchable, "is_page", True) or not any(
                        f.name == "summary" for f in searchable.model._meta.get_fields()):
                    continue
                either |= Q(**{searchable.lookup("summary") + "__icontains": word})
            condition &= either
        self.queryset = queryset.filter(condition)

    def matched_queryset(self):
        return self.queryset

    def ranked_ids(self, start, stop):
        return [(pk, 0.0) for pk in self.queryset.order_by("-pk").values_list("pk", flat=True)[start:stop]]


class IcontainsDocumentMatcher:
    """The same scan for the search-document engine: documents whose page's title or summary has every word."""

    def __init__(self, query_string, documents):
        from wagtail.models import Page

        pages = IcontainsMatcher(query_string, Page.objects.all()).queryset
        self.documents = documents.filter(page_id__in=pages.values("pk"))

    def matched_queryset(self):
        return self.documents

    def ranked(self, start, stop, total=None):
        rows = self.documents.order_by("-object_id").values_list("content_type_id", "object_id")[start:stop]
        return [(ct, pk, 0.0) for ct, pk in rows]


class IcontainsBackend:
    def matcher(self, query_string, queryset, fields=None, operator="and"):  # the engine before search documents
        return IcontainsMatcher(query_string, queryset)

    def document_matcher(self, query_string, documents, fields=None, operator="and"):
        return IcontainsDocumentMatcher(query_string, documents)


def ensure_corpus(docs):
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    call_command("migrate", verbosity=0)
    have = Page.objects.filter(slug__startswith="bulk-").count()
    if have < docs and connection.vendor == "postgresql":  # the bulk pages written with COPY (demo.search_corpus)
        if not Page.objects.filter(slug="news", depth=3).exists():
            print("  seeding the demo site (seed_demo) ...", flush=True)
            call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
        from demo import search_corpus

        print(f"  writing {docs - have} bulk pages (demo.search_corpus) ...", flush=True)
        started = time.perf_counter()
        news, policies = (Page.objects.get(slug=slug, depth=3).specific for slug in ("news", "policies"))
        search_corpus.build(docs, news, policies)
        print(f"  corpus built in {time.perf_counter() - started:.0f} s ({docs - have} pages;"
              f" load {os.getloadavg()[0]:.1f})", flush=True)
    elif have < docs:
        print(f"  seeding {docs - have} pages (seed_demo --scale {docs // 1000}) ...", flush=True)
        started = time.perf_counter()
        call_command("seed_demo", scale=max(2, docs // 1000), quiet_logins=True, stdout=io.StringIO())
        print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    try:
        from search import documents
        from search.models import SearchDocument
    except ImportError:  # older code, without search documents
        pass
    else:
        if SearchDocument.objects.filter(page_id__isnull=False).count() < Page.objects.filter(depth__gt=1).count() - 50:
            print("  filling the search documents (rebuild_search_documents) ...", flush=True)
            documents.rebuild()
    with connection.cursor() as cursor:  # fresh planner statistics; PostgreSQL also drops the seeding's dead rows
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return Page.objects.live().count()


def _count_queries():
    """Keep the facet counts of the QUERIES of several words that match many documents, as a live site's daily
    ``count_search_queries`` does for its frequent queries (older code has no such command: nothing)."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    try:
        call_command("count_search_queries", *dict.fromkeys(q for q, _selected in QUERIES), "--top", "0", stdout=out)
    except CommandError:
        return
    print("  counted queries (count_search_queries): " + ", ".join(out.getvalue().splitlines()[:-1]), flush=True)


def _forget_cached_results():
    """Make every cached facet count unreachable (as a document write does); older code caches nothing."""
    try:
        from search.documents import bump_version
    except ImportError:
        return
    bump_version()


def measure(backend, repeat, cold=True):
    """Timings per query; ``cold``: no cached facet counts (forgotten before each run, outside the timing)."""
    from search.engine import SearchRequest, run_search

    timings, totals = {}, {}
    for q, selected in QUERIES:
        key = (q, tuple(selected.items()))
        request = SearchRequest(q=q, selected=selected)
        totals[key] = run_search(request, backend=backend).total  # warm-up
        timings[key] = []
    for _ in range(repeat):  # round-robin, so a burst of load on the shared machine hits every query alike
        for q, selected in QUERIES:
            key = (q, tuple(selected.items()))
            request = SearchRequest(q=q, selected=selected)
            if cold:
                _forget_cached_results()
            started = time.perf_counter()
            run_search(request, backend=backend)
            timings[key].append((time.perf_counter() - started) * 1000)
    return timings, totals


def child(args):
    sys.path.insert(0, args.code or str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_portal.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    pages = ensure_corpus(args.docs)
    _count_queries()
    print(f"\n== {connection.vendor}: {pages} live pages; code {args.code or ROOT}; load {os.getloadavg()[0]:.1f} ==",
          flush=True)
    fts, fts_totals = measure(get_search_backend(), args.repeat)
    scan, scan_totals = ({}, {}) if args.scan_repeat == 0 else measure(IcontainsBackend(), args.scan_repeat)
    report(fts, fts_totals, scan, scan_totals, pages, "cold: facet counts computed on every run")
    warm, _totals = measure(get_search_backend(), args.repeat, cold=False)
    report(warm, fts_totals, scan, scan_totals, pages, "warm: repeated queries, facet counts from the cache")


def _expands(q):
    """Whether a word of the query has synonyms (older code has no synonym table: no)."""
    from search.analysis import query_words

    return any(getattr(word, "synonyms", ()) for word in query_words(q))


def report(fts, fts_totals, scan, scan_totals, pages, title):
    print(f"-- {title} (* a query word the synonym table expands)")
    print(f"{'query':<22}{'facet':<24}{'hits':>7}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'scan hits':>11}{'scan p50':>10}{'scan p95':>10}{'ratio p95':>11}")
    keys = list(fts)
    for key in keys:
        q, selected = key
        facet = ",".join(f"{k}={v}" for k, v in selected) or "-"
        line = (f"{q + ('*' if _expands(q) else ''):<20}{facet:<24}{fts_totals[key]:>7}"
                f"{percentile(fts[key], .5):>9.1f}{percentile(fts[key], .95):>9.1f}")
        if key in scan:
            ratio = percentile(scan[key], 0.95) / percentile(fts[key], 0.95)
            line += (f"{scan_totals[key]:>11}{percentile(scan[key], .5):>10.1f}{percentile(scan[key], .95):>10.1f}"
                     f"{ratio:>10.1f}x")
        print(line)
    broad = {key for key in keys if fts_totals[key] > BROAD_SHARE * pages}
    groups = [("ALL queries", set(keys)), (f"broad (>{BROAD_SHARE:.0%} of pages)", broad),
              ("typical + selective", set(keys) - broad)]
    for label, keys in groups:
        if not keys:
            continue
        all_fts = [s for key in keys for s in fts[key]]
        line = f"{label}: full-text p50 {statistics.median(all_fts):.1f} ms, p95 {percentile(all_fts, .95):.1f} ms"
        all_scan = [s for key in keys if key in scan for s in scan[key]]
        if all_scan:
            line += (f"; icontains p50 {statistics.median(all_scan):.1f} ms, p95 {percentile(all_scan, .95):.1f} ms;"
                     f" ratio p50 {statistics.median(all_scan) / statistics.median(all_fts):.1f}x,"
                     f" p95 {percentile(all_scan, .95) / percentile(all_fts, .95):.1f}x")
        print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (full-text)")
    parser.add_argument("--scan-repeat", type=int, default=5, help="timed runs per query (icontains)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per database, seeding included")
    parser.add_argument("--code", default="", help="run another checkout's search code (the baseline) on the same data")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    for name in args.databases.split(","):
        env = {**os.environ, "DATABASE_URL": DATABASES[name]()}
        command = [sys.executable, __file__, "--child", "--docs", str(args.docs), "--repeat", str(args.repeat),
                   "--scan-repeat", str(args.scan_repeat), "--code", args.code]
        try:
            subprocess.run(command, env=env, cwd=ROOT, check=False, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{name}: gave up after {args.timeout} s")


if __name__ == "__main__":
    main()
