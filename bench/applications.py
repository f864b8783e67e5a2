"""The member centre and the bank's application list with 10,000 applications (issue 23: p95 ≤ 60 ms).

Copies the page benchmark's database (bench/pages.py builds it: ``seed_demo --scale N``) to
bench/results/applications-<count>.sqlite3 once, adds BENCH_APPLICATIONS applications (default 10,000) of the
demo's certified enterprise to one bank in bulk (every status, spread over two years), refreshes the planner
statistics, then renders in-process (bench/inprocess.py: Django's test client, page cache off) the enterprise's
member centre and application list and the bank staff's list in the admin (first page, a status filter, a later
page), and prints queries and min / median / p95 per page with the load average.

    BENCH_SCALE=10 .venv/bin/python bench/applications.py
    BENCH_APPLICATIONS=2000 BENCH_REPEAT=20 .venv/bin/python bench/applications.py
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/applications.py
"""

import datetime
import os
import shutil
import statistics
import sys
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import inprocess  # noqa: E402
from pages import RESULTS, SCALE, environment, percentile  # noqa: E402

COUNT = int(os.environ.get("BENCH_APPLICATIONS", "10000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
ENTERPRISE = "91350100MA2Y4LQ006"  # seed_demo's certified enterprise (tests/site_pages.py)


def database():
    """The database URL: BENCH_DATABASE_URL itself (PostgreSQL: the applications are added to it, once), else a
    copy of the page benchmark's SQLite file."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    source = RESULTS / f"pages-scale{SCALE}.sqlite3"
    target = RESULTS / f"applications-{COUNT}.sqlite3"
    if not target.exists():
        if not source.exists():
            sys.exit(f"{source} is missing: run bench/pages.py (or seed_demo --scale {SCALE}) first")
        shutil.copy(source, target)
    return f"sqlite:///{target}"


def fill():
    """Add applications until the enterprise has COUNT at one bank; returns (enterprise account, bank user)."""
    from django.utils import timezone

    from core.db_statistics import analyze
    from finance_market.choices import ApplicationStatus
    from finance_market.models import LoanApplication, LoanProductPage
    from members.models import Enterprise

    enterprise = Enterprise.objects.get(credit_code=ENTERPRISE)
    product = LoanProductPage.objects.live().select_related("institution").order_by("pk").first()
    bank = product.institution
    existing = LoanApplication.objects.filter(enterprise=enterprise, institution=bank).count()
    statuses = ApplicationStatus.values
    now = timezone.now()
    rows = [
        LoanApplication(
            reference=f"B{n:09d}{uuid.uuid4().hex[:6]}", enterprise=enterprise, institution=bank, product=product,
            product_title=product.title, amount=Decimal(100_000 + n % 50 * 10_000), term_months=12,
            purpose="补充流动资金", contact_person="张三", contact_phone="13800000000",
            status=statuses[n % len(statuses)], submitted_at=now - datetime.timedelta(hours=n % 17_000),
            checkout_token=uuid.uuid4())
        for n in range(existing, COUNT)
    ]
    if rows:
        print(f"== adding {len(rows)} applications ==", flush=True)
        LoanApplication.objects.bulk_create(rows, batch_size=1000)
        analyze()
    bank_user = bank.group.user_set.order_by("pk").first()
    return enterprise.account, bank_user, bank


def main():
    os.environ["DATABASE_URL"] = database()
    os.environ.update(environment() | {"PORTAL_PAGE_CACHE_SECONDS": "0", "DATABASE_URL": os.environ["DATABASE_URL"]})
    import django

    django.setup()
    from django.test import Client

    account, bank_user, bank = fill()
    from finance_market.models import LoanApplication

    print(f"{LoanApplication.objects.filter(institution=bank).count()} applications at {bank.name}, "
          f"{LoanApplication.objects.filter(enterprise__account=account).count()} of the enterprise; "
          f"load {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    admin = "/admin/finance_market/loanapplication/"
    pages = [
        ("member centre", "/member/", account),
        ("my applications", "/member/applications/", account),
        ("my applications, page 50", "/member/applications/?page=50", account),
        ("bank: application list", admin, bank_user),
        ("bank: status filter", f"{admin}?status=submitted", bank_user),
        ("bank: page 20", f"{admin}?p=20", bank_user),
        ("bank: search", f"{admin}?q=B00000", bank_user),
    ]
    print(f"{'page':<30}{'status':>7}{'queries':>8}{'min ms':>9}{'median':>9}{'p95':>9}  path")
    for name, path, user in pages:
        client = Client()
        client.force_login(user)
        status, queries, times, _sql = inprocess.measure(client, path, REPEAT)
        print(f"{name:<30}{status:>7}{queries:>8}{min(times):>9.1f}{statistics.median(times):>9.1f}"
              f"{percentile(times, 0.95):>9.1f}  {path}", flush=True)
    print(f"load average after: {' '.join(f'{v:.1f}' for v in os.getloadavg())} (2 cores, shared)")


if __name__ == "__main__":
    main()
