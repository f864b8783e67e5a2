"""Hand-built enterprises and applications for the 用户统计 tests, around the February/March/April 2026 edges in
Asia/Shanghai time. Every figure the tests expect is worked out here.

name  registered (SH)   certified (SH)   park  region  source  applications (SH)
甲    02-10 10:00       02-12 09:00      高新  城关    PC      03-05 签约, 03-06, 03-07, 03-31 23:59:59, 04-01 00:00
乙    03-01 00:00:00    03-31 23:59      高新  —       公众号  03-01 00:00:00 拒绝, 03-20 签约
待认证 03-31 23:30      (pending)        临港  西山    PC      —
丁    02-28 23:59:59    03-01 00:00:30   —     城关    PC      03-10, 03-11 签约, 03-12
戊    04-01 00:10       04-02 10:00      临港  西山    PC      —
己    03-15 12:00       (rejected)       高新  城关    PC      —
庚    01-02 09:00       01-05 09:00      临港  西山    公众号  02-28 23:59:59 签约, 03-08
辛    01-03 09:00       01-04 09:00      —     —       管理员  03-09
March: registered 3 (乙, 待认证, 己), certified 2 (乙, 丁), applying 5 (甲, 乙, 丁, 庚, 辛), approved 3 (甲, 乙, 丁).
Up to 03-31: registered 7 (all but 戊), certified 5 (甲, 乙, 丁, 庚, 辛), applying 5, approved 4 (and 庚 in February).
进件次数 in March: once 2 (庚, 辛), twice 1 (乙), three times 1 (丁), more than three 1 (甲: four).
"""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from finance_market.choices import ApplicationStatus as S
from members.models import CertificationStatus, Enterprise, Park, RegistrationSource
from tests.factories.members import EnterpriseFactory
from tests.reports.conftest import make

SH = ZoneInfo("Asia/Shanghai")
PC, WECHAT, ADMIN = RegistrationSource.PC, RegistrationSource.WECHAT, RegistrationSource.ADMIN


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


def registered(enterprise, created, certified=None, *, status=None, park=None, region=None, source=PC):
    """Set the dates written automatically (created_at is auto_now_add) to the hand-made ones."""
    if status is None:
        status = CertificationStatus.CERTIFIED if certified else CertificationStatus.PENDING
    Enterprise.objects.filter(pk=enterprise.pk).update(
        created_at=created, certified_at=certified, status=status, park=park, region=region
    )
    get_user_model().objects.filter(pk=enterprise.account_id).update(registration_source=source)
    enterprise.refresh_from_db()
    return enterprise


def build(m):
    """Add the table above to the ``market`` fixture ``m`` and return it."""
    hi_tech = Park.objects.create(name="高新园", sort_order=0)
    harbour = Park.objects.create(name="临港园", sort_order=1)
    empty_park = Park.objects.create(name="空园区", sort_order=2)
    city, west = m.region, m.other_region
    e = SimpleNamespace(
        a=registered(m.ent_a, at(2026, 2, 10, 10), at(2026, 2, 12, 9), park=hi_tech, region=city),
        b=registered(m.ent_b, at(2026, 3, 1, 0, 0, 0), at(2026, 3, 31, 23, 59), park=hi_tech, source=WECHAT),
        pending=registered(m.pending, at(2026, 3, 31, 23, 30), park=harbour, region=west),
        d=registered(
            EnterpriseFactory(name="丁企业"), at(2026, 2, 28, 23, 59, 59), at(2026, 3, 1, 0, 0, 30), region=city
        ),
        e=registered(
            EnterpriseFactory(name="戊企业"), at(2026, 4, 1, 0, 10), at(2026, 4, 2, 10), park=harbour, region=west
        ),
        f=registered(
            EnterpriseFactory(name="己企业"),
            at(2026, 3, 15, 12),
            status=CertificationStatus.REJECTED,
            park=hi_tech,
            region=city,
        ),
        g=registered(
            EnterpriseFactory(name="庚企业"),
            at(2026, 1, 2, 9),
            at(2026, 1, 5, 9),
            park=harbour,
            region=west,
            source=WECHAT,
        ),
        h=registered(EnterpriseFactory(name="辛企业"), at(2026, 1, 3, 9), at(2026, 1, 4, 9), source=ADMIN),
    )
    pa, pb = m.product_a, m.product_b
    plan = [
        (e.a, at(2026, 3, 5, 10), S.SIGNED),
        (e.a, at(2026, 3, 6, 10), S.SUBMITTED),
        (e.a, at(2026, 3, 7, 10), S.REFUSED),
        (e.a, at(2026, 3, 31, 23, 59, 59), S.SUBMITTED),
        (e.a, at(2026, 4, 1, 0, 0, 0), S.SIGNED),
        (e.b, at(2026, 3, 1, 0, 0, 0), S.REFUSED),
        (e.b, at(2026, 3, 20, 15), S.SIGNED),
        (e.d, at(2026, 3, 10, 9), S.SUBMITTED),
        (e.d, at(2026, 3, 11, 9), S.SIGNED),
        (e.d, at(2026, 3, 12, 9), S.SUBMITTED),
        (e.g, at(2026, 2, 28, 23, 59, 59), S.SIGNED),
        (e.g, at(2026, 3, 8, 9), S.SUBMITTED),
        (e.h, at(2026, 3, 9, 9), S.SUBMITTED),
    ]
    for n, (enterprise, when, status) in enumerate(plan):
        make(f"U{n}", enterprise, pa if n % 2 else pb, when, status)
    m.e, m.parks = e, SimpleNamespace(hi_tech=hi_tech, harbour=harbour, empty=empty_park)
    return m
