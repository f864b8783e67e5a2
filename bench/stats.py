"""Statistics benchmark: the reports of 统计报表 over 1,000,000 loan applications on PostgreSQL.

    .venv/bin/python bench/stats.py                      # 1,000,000 applications (built once, then reused)
    .venv/bin/python bench/stats.py --applications 200000

The database is $BENCH_STATS_URL (default postgresql://postgres@127.0.0.1:5432/portal_stats_bench; created
and migrated when missing). Applications, 20,000 enterprises and their accounts are inserted by
``INSERT … SELECT generate_series`` in SQL (seconds, not an ORM loop); 20 banks with 3 products each are
real Wagtail pages. Applications are spread over the last 3 years. Of the signed ones, 65 % are then paid
out (one in seven in two parts), 10 % paid out and settled, 10 % 未放款 (DISBURSEMENT_SQL, also run on a database
built before disbursements existed). The bulk SQL bypasses the model signals that keep the application figures
per month, quarter and year (finance_market.figures), so they are rebuilt after a load (rebuild_figures). Each
report is run 3 times and the best and median wall times are printed, with the month's 放款 figures; the targets
(issue 23) are a monthly report ≤ 0.5 s and an annual one ≤ 1 s. The same reports computed live (without the
kept figures, as a range of days is) are printed for comparison.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/portal_stats_bench"
ENTERPRISES = 20_000
BANKS = 20
PRODUCTS_PER_BANK = 3


def ensure_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", flush=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "site_portal.settings.dev"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def build_market():
    """20 banks with 3 live products each (Wagtail pages), 12 镇街; reused when present."""
    from decimal import Decimal

    from wagtail.models import Page

    from finance_market.models import BankIndexPage, LoanProductPage
    from finance_market.setup import setup_bank
    from members import roles
    from members.models import FinancialInstitution, Region

    if LoanProductPage.objects.count() >= BANKS * PRODUCTS_PER_BANK:
        return
    roles.ensure_platform_groups()
    for n in range(12):
        Region.objects.get_or_create(name=f"测试镇{n:02d}", defaults={"sort_order": n})
    index = BankIndexPage.objects.first()
    if index is None:
        index = BankIndexPage(title="金融机构", slug="bench-banks")
        Page.get_first_root_node().add_child(instance=index)
    for n in range(BANKS):
        institution, _ = FinancialInstitution.objects.get_or_create(
            name=f"基准测试银行{n:02d}", defaults={"fi_code": f"B{n:013d}"})
        bank = setup_bank(institution, index)
        for k in range(PRODUCTS_PER_BANK - LoanProductPage.objects.filter(institution=institution).count()):
            product = LoanProductPage(
                title=f"{institution.name}产品{k}", slug=f"bench-product-{n}-{k}", institution=institution,
                product_type="credit", target_customers="中小微企业", amount_min=Decimal("100000"),
                amount_max=Decimal("5000000"), term_min=1, term_max=36, rate_min=Decimal("3.5"),
                rate_max=Decimal("5.5"), guarantee_methods=["credit"], repayment_methods=["interest_first"],
                eligible_sizes=[])
            bank.add_child(instance=product)


ENTERPRISE_SQL = """
WITH ind AS (SELECT array_agg(id ORDER BY id) AS ids FROM members_industry),
     reg AS (SELECT array_agg(id ORDER BY id) AS ids FROM members_region),
     users AS (
       INSERT INTO members_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                 is_active, date_joined, category, phone, registration_source, is_activated)
       SELECT '!', false, 'bench-ent-' || g, '', '', '', false, true, now(), 'enterprise', '', 'pc', true
       FROM generate_series(1, %(n)s) g
       RETURNING id, username)
INSERT INTO members_enterprise (account_id, name, credit_code, legal_representative, contact_person, contact_phone,
                                email, address, industry_id, region_id, registered_capital, status, reject_reason,
                                submitted_at, created_at, updated_at)
SELECT u.id, '基准企业' || substr(u.username, 11), 'BENCH' || lpad(substr(u.username, 11), 13, '0'), '', '联系人',
       '13800000000', '', '',
       (SELECT ids[1 + (u.id * 7919) %% array_length(ids, 1)] FROM ind),
       CASE WHEN u.id %% 10 = 0 THEN NULL ELSE (SELECT ids[1 + u.id %% array_length(ids, 1)] FROM reg) END,
       CASE WHEN u.id %% 13 = 0 THEN NULL ELSE ((u.id * 104729) %% 3000 + 10) * 10000 END,
       'certified', '', now(), now(), now()
FROM users u
"""

# Lookup tables numbered 1..n, joined by key (indexing a big array per row would detoast it every time).
LOOKUP_SQL = [
    "CREATE TEMP TABLE bench_ent AS SELECT row_number() OVER (ORDER BY id) AS k, id FROM members_enterprise",
    "CREATE TEMP TABLE bench_prod AS SELECT row_number() OVER (ORDER BY p.page_ptr_id) AS k, p.page_ptr_id AS id, "
    "p.institution_id, w.title FROM finance_market_loanproductpage p JOIN wagtailcore_page w ON w.id = p.page_ptr_id",
    "CREATE TEMP TABLE bench_reason AS SELECT row_number() OVER (ORDER BY id) AS k, id "
    "FROM finance_market_refusalreason",
    "CREATE UNIQUE INDEX ON bench_ent (k)", "CREATE UNIQUE INDEX ON bench_prod (k)",
    "ANALYZE bench_ent", "ANALYZE bench_prod", "ANALYZE bench_reason",
]

APPLICATION_SQL = """
INSERT INTO finance_market_loanapplication (
    reference, enterprise_id, institution_id, product_id, product_title, amount, term_months, purpose,
    repayment_method, guarantee_offered, contact_person, contact_phone, extra_data, source, is_first_loan, status,
    submitted_at, decided_at, credit_amount, refusal_reason_id, decision_note, credit_status, disbursed_amount)
SELECT 'BK' || lpad(g.n::text, 12, '0'), e.id, p.institution_id, p.id, p.title,
       (10 + (g.n %% 50) * 10) * 10000, 12, '补充流动资金', 'interest_first', '', '联系人', '13800000000', '{}',
       CASE WHEN g.n %% 4 = 0 THEN 'wechat' ELSE 'pc' END, g.n %% 3 <> 0,
       CASE WHEN g.r < 0.45 THEN 'signed' WHEN g.r < 0.70 THEN 'refused' WHEN g.r < 0.75 THEN 'withdrawn'
            WHEN g.r < 0.90 THEN 'accepted' ELSE 'submitted' END,
       g.at,
       CASE WHEN g.r < 0.70 THEN g.at + interval '7 days' END,
       CASE WHEN g.r < 0.45 THEN (10 + (g.n %% 50) * 8) * 10000 END,
       CASE WHEN g.r >= 0.45 AND g.r < 0.70 THEN rr.id END,
       '', '', 0
FROM (SELECT n, random() AS r, now() - random() * interval '3 years' AS at
      FROM generate_series(%(start)s::bigint, %(stop)s::bigint) n) g
JOIN bench_ent e ON e.k = 1 + (g.n * 7919) %% %(enterprises)s
JOIN bench_prod p ON p.k = 1 + (g.n * 31) %% %(products)s
LEFT JOIN bench_reason rr ON rr.k = 1 + g.n %% %(reasons)s
"""


TODAY = "(now() AT TIME ZONE 'Asia/Shanghai')::date"  # the local day (the server's may still be yesterday)

# The signed applications' fates after signing, by id (20 buckets): 0–12 paid out, 13–14 paid out and settled,
# 15–16 未放款, 17–19 still signed. Disbursed on the signing day + (id mod 10) days, never after today.
LOAN_STATUS_SQL = """
UPDATE finance_market_loanapplication a SET
    status = CASE WHEN a.id % 20 < 13 THEN 'disbursed' WHEN a.id % 20 < 15 THEN 'settled'
                  WHEN a.id % 20 < 17 THEN 'not_disbursed' ELSE 'signed' END,
    disbursed_amount = CASE WHEN a.id % 20 < 15 THEN a.credit_amount ELSE 0 END,
    settled_on = CASE WHEN a.id % 20 IN (13, 14)
                      THEN LEAST(%(today)s, (a.decided_at + interval '200 days')::date) END,
    not_disbursed_reason_id = CASE WHEN a.id % 20 IN (15, 16)
                                   THEN (SELECT min(id) FROM finance_market_nondisbursementreason) END
WHERE a.status = 'signed' AND a.credit_amount IS NOT NULL AND a.decided_at IS NOT NULL
"""
DISBURSEMENT_SQL = """
INSERT INTO finance_market_disbursement (application_id, enterprise_id, institution_id, product_id, amount,
    disbursed_on, annual_rate, term_months, repayment_method, is_first, platform_first_loan, days_from_application,
    recorded_at)
SELECT x.id, x.enterprise_id, x.institution_id, x.product_id,
       CASE WHEN x.id % 7 = 0 THEN round(x.credit_amount * 0.6, 2) ELSE x.credit_amount END, x.day, 4.35, 12,
       'interest_first', true, row_number() OVER (PARTITION BY x.enterprise_id ORDER BY x.day, x.id) = 1,
       x.day - x.submitted_day, now()
FROM (SELECT id, enterprise_id, institution_id, product_id, credit_amount,
             LEAST(%(today)s, (decided_at AT TIME ZONE 'Asia/Shanghai')::date + (id % 10)::int) AS day,
             (submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS submitted_day
      FROM finance_market_loanapplication WHERE status IN ('disbursed', 'settled') AND credit_amount IS NOT NULL) x
"""
SECOND_PART_SQL = """
INSERT INTO finance_market_disbursement (application_id, enterprise_id, institution_id, product_id, amount,
    disbursed_on, annual_rate, term_months, repayment_method, is_first, platform_first_loan, days_from_application,
    recorded_at)
SELECT d.application_id, d.enterprise_id, d.institution_id, d.product_id, a.credit_amount - d.amount,
       LEAST(%(today)s, d.disbursed_on + 15), 4.35, 12,
       'interest_first', false, false, NULL, now()
FROM finance_market_disbursement d JOIN finance_market_loanapplication a ON a.id = d.application_id
WHERE d.is_first AND a.id % 7 = 0
"""


def build_disbursements():
    """放款 for the signed applications (once: skipped when any disbursement exists)."""
    from django.db import connection

    from finance_market.models import Disbursement

    if Disbursement.objects.exists():
        return False
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in (LOAN_STATUS_SQL, DISBURSEMENT_SQL, SECOND_PART_SQL):
            cursor.execute(statement.replace("%(today)s", TODAY))
        cursor.execute("VACUUM ANALYZE finance_market_disbursement")
        cursor.execute("VACUUM ANALYZE finance_market_loanapplication")
    print(f"disbursements: {Disbursement.objects.count():,} inserted in {time.perf_counter() - started:.1f} s",
          flush=True)
    return True


def build_data(target):
    from django.db import connection

    from finance_market.models import LoanApplication
    from members.models import Enterprise

    if Enterprise.objects.count() < ENTERPRISES:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(ENTERPRISE_SQL, {"n": ENTERPRISES})
        print(f"enterprises: {ENTERPRISES:,} inserted in {time.perf_counter() - started:.1f} s", flush=True)
    have = LoanApplication.objects.count()
    loaded = have < target
    if loaded:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for statement in LOOKUP_SQL:
                cursor.execute(statement)
            sizes = {}
            for name, table in (("enterprises", "bench_ent"), ("products", "bench_prod"), ("reasons", "bench_reason")):
                cursor.execute(f"SELECT count(*) FROM {table}")
                sizes[name] = cursor.fetchone()[0]
            step = 250_000
            for start in range(have + 1, target + 1, step):
                cursor.execute(APPLICATION_SQL, {"start": start, "stop": min(start + step - 1, target), **sizes})
                print(f"  applications {min(start + step - 1, target):,}", flush=True)
        print(f"applications: {target - have:,} inserted in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        # what autovacuum does after a bulk load: statistics, and the visibility map index-only scans rely on
        cursor.execute("VACUUM ANALYZE finance_market_loanapplication")
        cursor.execute("VACUUM ANALYZE members_enterprise")
    print(f"database holds {LoanApplication.objects.count():,} applications, "
          f"{Enterprise.objects.count():,} enterprises", flush=True)
    return loaded


def rebuild_figures(loaded):
    """Rebuild the kept application figures after a bulk load, or when they do not add up to the applications."""
    from django.db.models import Sum

    from finance_market.figures import rebuild
    from finance_market.models import ApplicationFigures, LoanApplication

    kept = ApplicationFigures.objects.filter(period="year", scope=0, dimension="all").aggregate(n=Sum("applications"))
    if not loaded and kept["n"] == LoanApplication.objects.count():
        return
    started = time.perf_counter()
    rows = rebuild()
    print(f"application figures: {rows:,} rows rebuilt in {time.perf_counter() - started:.1f} s", flush=True)


def timed(label, func, runs=3):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    print(f"{label:<46} best {min(samples) * 1000:8.1f} ms   median {statistics.median(samples) * 1000:8.1f} ms",
          flush=True)
    return min(samples)


def change_one_status(bank):
    """Sign one of the bank's applications and roll back: the cost the kept figures add to a lifecycle step."""
    from django.db import transaction

    from finance_market.choices import ApplicationStatus
    from finance_market.models import LoanApplication

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            application = (LoanApplication.objects.select_for_update()
                           .filter(institution=bank, status=ApplicationStatus.ACCEPTED).order_by("-pk").first())
            application.status, application.credit_amount = ApplicationStatus.SIGNED, application.amount
            application.save()
            raise Rollback
    except Rollback:
        pass


def run_reports():
    from django.core.cache import cache
    from django.utils import timezone

    from members.models import FinancialInstitution
    from reports import overview, periods, reports
    from reports.access_report import access_tables
    from reports.exports import workbook
    from reports.views import paginate_applications
    from reports.workload import workload

    today = timezone.localdate()
    last_month = periods.month(today.year if today.month > 1 else today.year - 1, (today.month - 2) % 12 + 1)
    quarter = periods.quarter(today.year, (today.month - 1) // 3 + 1)
    year = periods.year(today.year - 1)
    bank = FinancialInstitution.objects.order_by("pk").first()
    print(f"monthly period: {last_month.label}; bank: {bank.name}", flush=True)
    print(f"  {reports.applications(last_month).count():,} applications in the month, "
          f"{reports.applications(year).count():,} in the year", flush=True)
    from finance_market import queries

    figures = queries.disbursement_totals(last_month.start, last_month.end)
    summary = reports.totals(last_month)
    print(f"  放款 in the month: {figures['disbursed_amount'] / 10000:,.2f} 万元 in {figures['disbursements']:,} "
          f"payments to {figures['disbursed_applications']:,} applications of {figures['disbursed_enterprises']:,} "
          f"enterprises; 平均放款金额 {(figures['mean_disbursed'] or 0) / 10000:,.2f} 万元, 平均授信额度 "
          f"{(summary['avg_credit'] or 0) / 10000:,.2f} 万元, 获贷天数 {figures['mean_days']}, 首贷 "
          f"{figures['first_loans']:,} of {figures['first_disbursed']:,} ({(figures['first_loan_share'] or 0):.1%})",
          flush=True)
    top = queries.disbursement_top("institution", last_month.start, last_month.end)
    print("  top banks by 放款: " + ", ".join(f"{r['name']} {r['disbursed_amount'] / 10000:,.0f}万" for r in top),
          flush=True)
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (load average)",
          flush=True)
    timed("MONTHLY report, all tables (platform)", lambda: reports.application_tables(last_month))
    timed("QUARTERLY report, all tables", lambda: reports.application_tables(quarter))
    timed("ANNUAL report, all tables", lambda: reports.application_tables(year))
    timed("  annual, one bank", lambda: reports.application_tables(year, bank))
    timed("  annual, application tables only (kept figures)", lambda: reports.stored(year))
    timed("  annual, 放款 tables only", lambda: reports.disbursement_tables(year))
    live = reports.stored
    reports.stored = lambda *args, **kwargs: None  # what a range of days does: every figure counted live
    try:
        timed("  monthly report computed live (no kept figures)", lambda: reports.application_tables(last_month),
              runs=1)
        timed("  annual report computed live (no kept figures)", lambda: reports.application_tables(year), runs=1)
    finally:
        reports.stored = live
    timed("  one status change saved, figures kept up (rolled back)", lambda: change_one_status(bank))
    timed("  totals only", lambda: reports.totals(last_month))
    for dimension in reports.DIMENSIONS:
        timed(f"  breakdown by {dimension}", lambda d=dimension: reports.breakdown(d, last_month))
    timed("  refusal reasons", lambda: reports.refusal_reasons(last_month))
    timed("  放款 tables (summary, 4 breakdowns, 当日/累计, top 5)",
          lambda: reports.disbursement_tables(last_month))
    timed("  放款 totals only", lambda: queries.disbursement_totals(last_month.start, last_month.end))
    for dimension in queries.DISBURSEMENT_DIMENSIONS:
        timed(f"  放款 by {dimension}",
              lambda d=dimension: queries.disbursement_breakdown(d, last_month.start, last_month.end))
    timed("  放款 per product, 当日 and 累计", lambda: queries.product_day_and_cumulative(last_month.last_day))
    timed("  trend (per day)", lambda: reports.trend(last_month))
    timed("monthly report, one bank", lambda: reports.application_tables(last_month, bank))
    timed("monthly report + Excel file", lambda: workbook("t", "p", reports.application_tables(last_month)))
    industry = str(reports.breakdown("industry", last_month)[0]["dim_key"])
    timed("drill-down: count + first page, signed of one industry",
          lambda: paginate_applications(reports.drilldown(last_month, dimension="industry", key=industry,
                                                          outcome="signed"), 1))
    timed("workload, one month", lambda: workload(last_month))
    timed("access statistics, one month", lambda: access_tables(last_month))

    timed("数据概览 refresh (django-q2 job, every 10 min)", overview.refresh_overview, runs=1)

    def snapshot_read():
        cache.clear()
        overview.data_overview()

    timed("数据概览 on a cache miss (snapshot read)", snapshot_read)
    timed("home counters (cache hit)", overview.home_counters, runs=5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=1_000_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_STATS_URL", DEFAULT_URL)
    print(f"== statistics benchmark on {url} ==", flush=True)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "site_portal.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    build_market()
    loaded = build_data(args.applications)
    loaded = build_disbursements() or loaded
    rebuild_figures(loaded)
    run_reports()


if __name__ == "__main__":
    main()
