"""Demo history for the reports (used by seed_demo): 24 more certified enterprises and ~300 past applications
over the last 14 months in every state, with refusal reasons, feedback notices, urges, and 30 days of
access statistics. The rows are history, so they are written in bulk rather than replayed through the
lifecycle (which would also message every bank for applications decided a year ago). Idempotent: skipped
when the demo history exists.

For 用户统计 the history enterprises registered a few days before their certification (from PC or 公众号, in
the demo's parks), and 30 more enterprises registered over the last 60 days, two in three of them certified,
so the daily chart of a recent month has something to show."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from core.money import wan_to_yuan
from core.workdays import add_workdays
from finance_market.choices import ApplicationSource, ApplicationStatus, RepaymentMethod
from finance_market.models import (
    Disbursement,
    FeedbackNotice,
    LoanApplication,
    LoanProductPage,
    MarketSettings,
    NonDisbursementReason,
    RefusalReason,
    Urge,
)
from members.models import (
    AccountCategory,
    CertificationStatus,
    Enterprise,
    Industry,
    Park,
    Region,
    RegistrationSource,
)
from members.uscc import check_character
from reports.models import AccessStat, Scope

PREFIX = "DKDEMO"
NAMES = ["华信", "鑫达", "宏远", "恒泰", "瑞丰", "博源", "天成", "启明", "新禾", "海川", "金桥", "永安"]
TRADES = [("13", "食品"), ("18", "服装"), ("34", "机械"), ("39", "电子"), ("51", "商贸"), ("65", "软件"),
          ("01", "农业"), ("48", "建筑")]
CAPITALS = [wan_to_yuan(v) for v in (50, 80, 120, 300, 450, 600, 800, 1000, 1500, 3000)]
S = ApplicationStatus


def _uscc(n):
    body = f"91350100MAD{n:06d}"[:17]
    return body + check_character(body)


def seed_enterprises(rng):
    User = get_user_model()
    regions = list(Region.objects.order_by("sort_order", "pk"))
    industries = {i.code: i for i in Industry.objects.filter(code__in=[c for c, _ in TRADES])}
    enterprises = []
    for n in range(24):
        code = _uscc(n + 1)
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            trade_code, trade = TRADES[n % len(TRADES)]
            user = User(username=code, category=AccountCategory.ENTERPRISE, email=f"{code.lower()}@example.cn")
            user.set_unusable_password()  # demo history only; the demo logins are the enterprises above
            user.save()
            enterprise = Enterprise.objects.create(
                account=user, name=f"市{NAMES[n % len(NAMES)]}{trade}{'有限公司' if n < 12 else '股份有限公司'}",
                credit_code=code, contact_person="王经理", contact_phone=f"1360591{n:04d}",
                industry=industries.get(trade_code), region=regions[n % len(regions)] if regions else None,
                registered_capital=CAPITALS[n % len(CAPITALS)] if n % 11 else None,
                status=CertificationStatus.CERTIFIED, certified_at=timezone.now() - dt.timedelta(days=420 - n * 7))
        enterprises.append(enterprise)
    return enterprises


def seed_history():
    if LoanApplication.objects.filter(reference__startswith=PREFIX).exists():
        return
    products = list(LoanProductPage.objects.live().select_related("institution").order_by("pk"))
    reasons = list(RefusalReason.objects.filter(is_active=True))
    if not products or not reasons:
        return
    rng = random.Random(2026)
    terms = MarketSettings.load()
    with transaction.atomic():
        enterprises = seed_enterprises(rng)
        now = timezone.now()
        rows = []
        for n in range(300):
            product = products[rng.randrange(len(products))]
            submitted = now - dt.timedelta(days=rng.uniform(1, 425), hours=rng.uniform(0, 24))
            roll = rng.random()
            status = (S.SIGNED if roll < 0.45 else S.REFUSED if roll < 0.7 else S.WITHDRAWN if roll < 0.75
                      else S.ACCEPTED if roll < 0.9 else S.SUBMITTED)
            if (now - submitted).days > 40 and status in (S.ACCEPTED, S.SUBMITTED):
                status = S.SIGNED if roll < 0.8 else S.REFUSED
            amount = wan_to_yuan(rng.choice((30, 50, 80, 100, 150, 200, 300, 500)))
            decided = submitted + dt.timedelta(days=rng.randint(3, 14)) if status in (S.SIGNED, S.REFUSED) else None
            if decided is not None and decided > now:  # not decided yet: the bank is still examining it
                status, decided = S.ACCEPTED, None
            accepted = submitted + dt.timedelta(days=1) if status not in (S.SUBMITTED, S.WITHDRAWN) else None
            rows.append(LoanApplication(
                reference=f"{PREFIX}{n:06d}", enterprise=enterprises[rng.randrange(len(enterprises))],
                institution=product.institution, product=product, product_title=product.title, amount=amount,
                term_months=rng.choice((6, 12, 24, 36)), purpose="补充流动资金",
                repayment_method=RepaymentMethod.INTEREST_FIRST, contact_person="王经理",
                contact_phone="13605910000", source=ApplicationSource.WECHAT if n % 4 == 0 else ApplicationSource.PC,
                is_first_loan=n % 3 != 0, status=status, submitted_at=submitted,
                accepted_at=accepted, decided_at=decided,
                # the deadlines the lifecycle would have set, in working days (core.workdays)
                accept_due=add_workdays(submitted, terms.accept_within_days),
                decide_due=add_workdays(accepted, terms.decide_within_days) if accepted else None,
                credit_amount=amount * Decimal("0.8") if status == S.SIGNED else None,
                refusal_reason=reasons[rng.randrange(len(reasons))] if status == S.REFUSED else None,
                decision_note="经审核不符合准入条件" if status == S.REFUSED else "",
            ))
        LoanApplication.objects.bulk_create(rows)
        saved = list(LoanApplication.objects.filter(reference__startswith=PREFIX).order_by("reference"))
        notices = []
        for n, application in enumerate(saved):
            if application.decided_at is None:
                continue
            due = (application.decided_at + dt.timedelta(days=5)).date()
            late = n % 9 == 0 and application.decided_at + dt.timedelta(days=6) <= now  # flagged by the hourly job
            reported = application.decided_at + dt.timedelta(days=2)
            notices.append(FeedbackNotice(
                application=application, result=application.status, content="反馈通知书（演示）",
                generated_at=application.decided_at, due_date=due,
                reported_at=None if late or reported > now else reported,
                overdue_at=application.decided_at + dt.timedelta(days=6) if late else None))
        FeedbackNotice.objects.bulk_create(notices)
        supervisor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        Urge.objects.bulk_create([Urge(application=a, by=supervisor, note="请尽快办理") for a in saved[::23]])
        # Urge.created_at is auto_now_add: move the urges back to their application's time
        for urge in Urge.objects.filter(application__reference__startswith=PREFIX).select_related("application"):
            Urge.objects.filter(pk=urge.pk).update(
                created_at=min(urge.application.submitted_at + dt.timedelta(days=4), now))


def seed_history_loans():
    """放款 for the statistics history (once): of its signed applications about 70 % paid out (one in six in two
    parts, one in five of those settled), one in ten 未放款 with a reason, the rest still signed. Written in bulk
    like the history itself, with the figures the lifecycle would have fixed (first payment, 首贷, 获贷天数)."""
    if Disbursement.objects.filter(application__reference__startswith=PREFIX).exists():
        return
    reasons = list(NonDisbursementReason.objects.filter(is_active=True))
    signed = list(LoanApplication.objects.filter(reference__startswith=PREFIX, status=S.SIGNED,
                                                 decided_at__isnull=False).order_by("decided_at", "pk"))
    if not signed or not reasons:
        return
    rng = random.Random(22)
    today = timezone.localdate()
    seen_enterprises = set(Disbursement.objects.values_list("application__enterprise_id", flat=True))
    rows, updates = [], []
    with transaction.atomic():
        for application in signed:
            roll = rng.random()
            signed_on = timezone.localdate(application.decided_at)
            if roll >= 0.8 or signed_on >= today:
                continue
            if roll >= 0.7:
                application.status = S.NOT_DISBURSED
                application.not_disbursed_reason = reasons[rng.randrange(len(reasons))]
                updates.append(application)
                continue
            credit = application.credit_amount or application.amount
            parts = [credit] if rng.random() > 1 / 6 else [(credit * Decimal("0.6")).quantize(Decimal("0.01")),
                                                        credit - (credit * Decimal("0.6")).quantize(Decimal("0.01"))]
            day = min(signed_on + dt.timedelta(days=rng.randint(1, 20)), today)
            term = application.term_months
            for n, amount in enumerate(parts):
                first_loan = n == 0 and application.enterprise_id not in seen_enterprises
                seen_enterprises.add(application.enterprise_id)
                rows.append(Disbursement(
                    application=application, enterprise_id=application.enterprise_id,
                    institution_id=application.institution_id, product_id=application.product_id,
                    amount=amount, disbursed_on=day, annual_rate=Decimal("4.35"),
                    term_months=term, repayment_method=RepaymentMethod.INTEREST_FIRST, is_first=n == 0,
                    platform_first_loan=first_loan,
                    days_from_application=(day - timezone.localdate(application.submitted_at)).days if n == 0
                    else None))
                day = min(day + dt.timedelta(days=rng.randint(5, 30)), today)
            application.disbursed_amount = sum(parts, Decimal("0"))
            settled_on = day + dt.timedelta(days=term * 30)
            if rng.random() < 0.2 or settled_on < today:
                application.status, application.settled_on = S.SETTLED, min(settled_on, today)
            else:
                application.status = S.DISBURSED
            updates.append(application)
        Disbursement.objects.bulk_create(rows)
        LoanApplication.objects.bulk_update(updates, ["status", "disbursed_amount", "settled_on",
                                                      "not_disbursed_reason"])


RECENT_REGISTRATIONS = 30


def _registration_place(n, parks, regions):
    """Every fourth enterprise has no park, so the report's 未填写 row shows too."""
    park = parks[n % len(parks)] if parks and n % 4 else None
    region = regions[n % len(regions)] if regions else None
    return park, region


def seed_registrations():
    """Registration dates, sources and parks for 用户统计 (idempotent: only what is not there yet)."""
    User = get_user_model()
    parks = list(Park.objects.order_by("sort_order", "pk"))
    regions = list(Region.objects.order_by("sort_order", "pk"))
    history = Enterprise.objects.filter(credit_code__in=[_uscc(n + 1) for n in range(24)])
    for enterprise in history.filter(certified_at__isnull=False).order_by("credit_code"):
        if enterprise.created_at <= enterprise.certified_at:
            continue  # done by an earlier run
        n = int(enterprise.credit_code[11:17])
        joined = enterprise.certified_at - dt.timedelta(days=2 + n % 5, hours=n % 7)
        park, _region = _registration_place(n, parks, regions)
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=joined, park=park)
        User.objects.filter(pk=enterprise.account_id).update(
            date_joined=joined, registration_source=RegistrationSource.WECHAT if n % 3 == 0 else RegistrationSource.PC)
    industries = {i.code: i for i in Industry.objects.filter(code__in=[c for c, _ in TRADES])}
    now = timezone.now()
    for n in range(RECENT_REGISTRATIONS):
        code = _uscc(101 + n)
        if Enterprise.objects.filter(credit_code=code).exists():
            continue
        joined = now - dt.timedelta(days=2 * n + 1, hours=(5 * n) % 11)
        certified = joined + dt.timedelta(days=1 + n % 3) if n % 3 else None
        if certified is not None and certified > now:
            certified = None
        source = RegistrationSource.WECHAT if n % 3 == 1 else RegistrationSource.PC
        user = User(username=code, category=AccountCategory.ENTERPRISE, email=f"{code.lower()}@example.cn",
                    registration_source=source)
        user.set_unusable_password()  # demo statistics only, like the history enterprises
        user.save()
        trade_code, trade = TRADES[n % len(TRADES)]
        park, region = _registration_place(n, parks, regions)
        enterprise = Enterprise.objects.create(
            account=user, name=f"市{NAMES[n % len(NAMES)]}{trade}科技有限公司", credit_code=code,
            contact_person="陈经理", contact_phone=f"1370591{n:04d}", industry=industries.get(trade_code),
            region=region, park=park, registered_capital=CAPITALS[n % len(CAPITALS)],
            status=CertificationStatus.CERTIFIED if certified else CertificationStatus.PENDING, certified_at=certified)
        # created_at is auto_now_add: move the registration back to its day
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=joined)
        User.objects.filter(pk=user.pk).update(date_joined=joined)


def seed_access():
    if AccessStat.objects.exists():
        return
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    channels = list(home.get_children().live())
    pages = list(Page.objects.live().descendant_of(home).filter(depth__gt=home.depth + 1)[:30])
    rng = random.Random(7)
    today = timezone.localdate()
    rows = []
    for back in range(30):
        day = today - dt.timedelta(days=back + 1)
        site_pv = 0
        for channel in channels:
            pv = rng.randint(20, 200)
            site_pv += pv
            rows.append(AccessStat(date=day, scope=Scope.CHANNEL, site_id=site.pk, page_id=channel.pk, pv=pv,
                                   uv=max(1, pv // 3)))
        for page in pages:
            pv = rng.randint(1, 60)
            rows.append(AccessStat(date=day, scope=Scope.PAGE, site_id=site.pk, page_id=page.pk, pv=pv,
                                   uv=max(1, pv // 2)))
        home_pv = rng.randint(150, 400)
        rows.append(AccessStat(date=day, scope=Scope.PAGE, site_id=site.pk, page_id=home.pk, pv=home_pv,
                               uv=home_pv // 2))
        rows.append(AccessStat(date=day, scope=Scope.SITE, site_id=site.pk, page_id=0, pv=site_pv + home_pv,
                               uv=(site_pv + home_pv) // 3))
    AccessStat.objects.bulk_create(rows, ignore_conflicts=True)


def complete_deadlines():
    """Every accepted application has its 审批期限, computed as the lifecycle does (working days after it was
    accepted); demo databases seeded before this lacked it. Idempotent."""
    terms = MarketSettings.load()
    for application in LoanApplication.objects.filter(accepted_at__isnull=False, decide_due__isnull=True):
        LoanApplication.objects.filter(pk=application.pk).update(
            decide_due=add_workdays(application.accepted_at, terms.decide_within_days))


def seed_statistics():
    from finance_market import figures
    from reports.overview import refresh_overview

    seed_history()
    seed_history_loans()
    complete_deadlines()
    figures.rebuild()  # the history was written in bulk, past the signals that keep the report's figures
    seed_registrations()
    seed_access()
    refresh_overview()
