"""A hand-built set of applications around the March/April 2026 (Q1/Q2) boundary in Asia/Shanghai time,
whose every figure is worked out by hand in the tests."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.money import WAN
from finance_market.choices import ApplicationStatus as S
from finance_market.models import FeedbackNotice, LoanApplication, RefusalReason, Urge
from members.models import Enterprise, Industry
from reports import periods
from tests.factories.members import EnterpriseFactory
from tests.finance_market.conftest import market  # noqa: F401  (the shared small market fixture)

SH = ZoneInfo("Asia/Shanghai")
W = WAN
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


def make(ref, enterprise, product, when, status=S.SUBMITTED, amount=100, credit=None, reason=None):
    return LoanApplication.objects.create(
        reference=ref, enterprise=enterprise, institution=product.institution, product=product,
        product_title=product.title, amount=amount * W, term_months=12, purpose="流动资金", contact_person="张三",
        contact_phone="13800000000", status=status, submitted_at=when,
        credit_amount=None if credit is None else credit * W, refusal_reason=reason)


@pytest.fixture
def data(market):  # noqa: F811
    m = market
    m.ent_a.registered_capital = 50 * W  # < 100万
    m.ent_a.save()
    m.ent_c = EnterpriseFactory(name="丙企业", certified=True, industry=Industry.objects.get(code="C"),
                                region=m.other_region, registered_capital=100 * W)  # exactly 100万: 100–500万
    # exactly 1000万 falls in 500–1000万
    m.ent_d = EnterpriseFactory(name="丁企业", certified=True, registered_capital=1000 * W)
    m.ent_e = EnterpriseFactory(name="戊企业", certified=True, registered_capital=1000 * W + Decimal("0.01"))
    r1 = m.reason
    r2, _ = RefusalReason.objects.get_or_create(name="信用记录不良")
    pa, pb = m.product_a, m.product_b
    apps = SimpleNamespace(
        a1=make("T1", m.ent_a, pa, at(2026, 3, 31, 23, 30), S.SIGNED, 100, credit=80),
        a2=make("T2", m.ent_a, pa, at(2026, 3, 5, 10, 0), S.REFUSED, 50, reason=r1),
        a3=make("T3", m.ent_c, pb, at(2026, 3, 1, 0, 0), S.SUBMITTED, 200),
        a4=make("T4", m.ent_b, pb, at(2026, 4, 1, 0, 10), S.SIGNED, 300),
        a5=make("T5", m.ent_d, pa, at(2026, 2, 28, 23, 59, 59), S.REFUSED, 40, reason=r2),
        a6=make("T6", m.ent_e, pb, at(2026, 3, 15, 9, 0), S.REFUSED, 80, reason=r1),
        a7=make("T7", m.ent_c, pb, at(2026, 3, 20, 15, 0), S.SIGNED, 200, credit=150),
    )
    # 反馈通知书: A1's reported late (overdue), A7's on time
    FeedbackNotice.objects.create(application=apps.a1, result=S.SIGNED, content="通知书",
                                  generated_at=at(2026, 3, 31, 23, 40), due_date=dt.date(2026, 4, 3),
                                  reported_at=at(2026, 4, 7, 9, 0))
    FeedbackNotice.objects.create(application=apps.a7, result=S.SIGNED, content="通知书",
                                  generated_at=at(2026, 3, 21, 9, 0), due_date=dt.date(2026, 3, 26),
                                  reported_at=at(2026, 3, 22, 9, 0))
    urge = Urge.objects.create(application=apps.a3, by=m.supervisor, note="请尽快受理")
    Urge.objects.filter(pk=urge.pk).update(created_at=at(2026, 3, 10, 9, 0))
    m.apps, m.r1, m.r2 = apps, r1, r2
    return m


def _set(application, **times):
    LoanApplication.objects.filter(pk=application.pk).update(**times)


@pytest.fixture
def screen_data(market, monkeypatch):  # noqa: F811
    """Today (local) T, midnight M:
    A1 甲企业 (制造, 城关街道) at 甲银行: submitted M+1h, accepted M+3h, signed M+5h, 300万 asked, 200万 granted
    A2 丙科技 (科技, 西山镇) at 乙银行: submitted M-10d, accepted +10h, signed M+2h (today), 150万 granted
    A3 乙企业 (no 镇街) at 乙银行: submitted M-3d, accepted +6h, refused M-1d
    A4 甲企业 at 甲银行: submitted M+30min, 100万, waiting
    A5 丙科技 at 甲银行: submitted M-400d, accepted +1h, signed M-395d, 9850万 granted (outside the year of
       response times)
    丙科技 registered 400 days ago; 甲, 乙 and 待认证 today.
    The clock reads noon of T (local) for the test, the live server's thread included: run between midnight and
    5 a.m., today's decisions would otherwise lie in the future, which the screen rightly leaves out."""
    m = market
    m.midnight = periods.local_midnight(timezone.localdate())
    mid = m.midnight
    monkeypatch.setattr(timezone, "now", lambda: mid + 12 * H)
    m.ent_c = EnterpriseFactory(name="丙科技有限公司", certified=True, industry=Industry.objects.get(code="I"),
                                region=m.other_region, credit_code="913501000000000000")
    Enterprise.objects.filter(pk=m.ent_c.pk).update(created_at=mid - 400 * D)
    pa, pb = m.product_a, m.product_b
    a1 = make("S1", m.ent_a, pa, mid + H, S.SIGNED, 300, credit=200)
    _set(a1, accepted_at=mid + 3 * H, decided_at=mid + 5 * H)
    a2 = make("S2", m.ent_c, pb, mid - 10 * D, S.SIGNED, 200, credit=150)
    _set(a2, accepted_at=mid - 10 * D + 10 * H, decided_at=mid + 2 * H)
    a3 = make("S3", m.ent_b, pb, mid - 3 * D, S.REFUSED, 80, reason=m.reason)
    _set(a3, accepted_at=mid - 3 * D + 6 * H, decided_at=mid - D)
    make("S4", m.ent_a, pa, mid + H / 2, S.SUBMITTED, 100)
    a5 = make("S5", m.ent_c, pa, mid - 400 * D, S.SIGNED, 9900, credit=9850)
    _set(a5, accepted_at=mid - 400 * D + H, decided_at=mid - 395 * D)
    cache.clear()
    return m
