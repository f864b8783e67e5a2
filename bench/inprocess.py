"""Every public page type of the bench database rendered in this process: SQL queries and milliseconds.

No server and no network: Django's test client over the database bench/pages.py builds (``seed_demo
--scale N``), with the anonymous page cache off, so each figure is what rendering the page costs. Per URL:
the status, the number of SQL queries of one rendering, and min / median / p95 over ``--repeat`` renderings
after a warm-up. bench/pages.py runs it for its query-count column (``--json``); alone it is the quick way
to time one page while working on it.

    BENCH_SCALE=10 .venv/bin/python bench/inprocess.py                  # every page type, 30 renderings each
    BENCH_SCALE=10 .venv/bin/python bench/inprocess.py --repeat 100 /policies/ "/news/?page=3"
    BENCH_SCALE=10 .venv/bin/python bench/inprocess.py --sql /policies/    # and print the page's SQL

The database must exist (run bench/pages.py once, or ``seed_demo --scale N`` with the same DATABASE_URL).
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the project: bench/search.py is not the search app

from pages import environment, percentile  # noqa: E402  (bench/pages.py: the same database and settings)

HOST = "127.0.0.1"


def setup():
    os.environ.update(environment() | {"PORTAL_PAGE_CACHE_SECONDS": "0"})
    import django

    django.setup()


def public_urls():
    """{name: path}: one URL of every public page type of the bench site, lists filtered and paginated too."""
    from django.apps import apps

    def first(label, **filters):
        page = apps.get_model(label).objects.live().public().filter(**filters).order_by("path").first()
        return page.url if page else None

    news, policies = first("policies.NewsIndexPage", depth=3), first("policies.PolicyIndexPage", depth=3)
    urls = {
        "home": "/",
        "news list": news,
        "news list, page 3": f"{news}?page=3",
        "news list, category, page 2": f"{news}?category=work&page=2",
        "news sub-channel": first("policies.NewsIndexPage", depth=4),
        "policy list": policies,
        "policy list, type, page 3": f"{policies}?type=tax&page=3",
        "policy list, level + year": f"{policies}?level=national&year=2022",
        "policy list, tag": f"{policies}?tag=小微企业",
        "article": first("policies.NewsPage", slug__startswith="bulk-"),
        "policy": first("policies.PolicyPage"),
        "case list": first("policies.CaseIndexPage"),
        "case": first("policies.CasePage"),
        "static page": first("policies.StandardPage"),
        "disclosure catalogue": first("policies.DisclosureCataloguePage"),
        "banks": first("finance_market.BankIndexPage"),
        "bank profile": first("finance_market.BankPage"),
        "product": first("finance_market.LoanProductPage"),
        "金融超市 product list": "/market/",
        "金融超市, filtered": "/market/?page=2&sort=rate",
        "projects": first("enterprise_list.ProjectIndexPage"),
        "project": first("enterprise_list.ProjectPage"),
        "enterprise lists": first("enterprise_list.EnterpriseListIndexPage"),
        "enterprise list": first("enterprise_list.EnterpriseListPage"),
        "consultations": "/consult/",
        "consultation board": "/board/",
        "FAQ": "/consult/faq/",
        "experts": "/consult/experts/",
        "data": "/data/",
        "search results": "/search/?q=贷款",
        "search, page 2": "/search/?q=小微企业&page=2",
        "sitemap": "/sitemap/",
        "sitemap.xml": "/sitemap.xml",
        "news feed": "/feeds/news/",
        "policy feed": "/feeds/policies/",
    }
    return {name: url for name, url in urls.items() if url}


def member_urls():
    """{name: (path, user)}: the certified enterprise's member centre and the bank's application list."""
    from finance_market.models import LoanApplication

    application = LoanApplication.objects.select_related("enterprise__account", "institution").order_by("pk").first()
    if application is None:
        return {}
    enterprise_user = application.enterprise.account
    group = application.institution.group
    bank_user = group.user_set.order_by("pk").first() if group is not None else None
    urls = {"member centre": ("/member/", enterprise_user),
            "my applications": ("/member/applications/", enterprise_user)}
    if bank_user is not None:
        urls["bank: application list (admin)"] = ("/admin/finance_market/loanapplication/", bank_user)
    return urls


def measure(client, path, repeat, warm=3):
    """(status, queries, [ms ...], [sql ...]) of ``repeat`` GETs of ``path`` after ``warm`` ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm):
        client.get(path, HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=HOST)
    # read now (the next request clears the log): "<seconds> <statement>", the column lists left out
    sql = [f"{query['time']} {re.sub(r'^SELECT .*? FROM', 'SELECT … FROM', query['sql'])}"
           for query in captured.captured_queries]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, HTTP_HOST=HOST)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(sql), times, sql


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="only these paths (default: every page type)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print {name: {path, status, queries, ...}}")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL")
    parser.add_argument("--members", action="store_true", help="also the member centre and the bank's list")
    options = parser.parse_args()
    setup()
    from django.test import Client

    anonymous = Client()
    targets = {path: (path, None) for path in options.paths} or {
        name: (path, None) for name, path in public_urls().items()}
    if options.members:
        targets |= member_urls()
    results = {}
    if not options.json:
        print(f"{'page':<34}{'status':>7}{'queries':>8}{'min ms':>9}{'median':>9}{'p95':>9}  path")
    for name, (path, user) in targets.items():
        client = anonymous
        if user is not None:
            client = Client()
            client.force_login(user)
        status, queries, times, sql = measure(client, path, options.repeat)
        results[name] = {"path": path, "status": status, "queries": queries, "min": min(times),
                         "median": statistics.median(times), "p95": percentile(times, 0.95)}
        if not options.json:
            row = results[name]
            print(f"{name[:33]:<34}{status:>7}{queries:>8}{row['min']:>9.1f}{row['median']:>9.1f}{row['p95']:>9.1f}"
                  f"  {path}", flush=True)
            if options.sql:
                for statement in sql:
                    print("    ", statement[:600])
    if options.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
