"""Demo members for seed_demo: platform admins, institutions, departments, enterprises (idempotent)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.utils import timezone
from wagtail.models import Page

from members import credit_records, data_sharing, notify, roles
from members.models import (
    AccountCategory,
    Blacklist,
    CertificationStatus,
    DataGrant,
    DataViewKind,
    DepartmentType,
    Enterprise,
    EnterpriseFinancials,
    FinancialInstitution,
    GovernmentDepartment,
    GrantSource,
    Industry,
    InstitutionType,
    Park,
    Region,
)
from members.services import certify, register_enterprise
from members.uscc import check_character

REGIONS = ["城关街道", "高新区街道", "东湖镇", "西山镇", "临港街道", "北岸镇"]
PARKS = ["高新技术产业园", "临港经济开发区", "东湖现代农业产业园", "城北商贸物流园"]

INSTITUTIONS = [
    # (name, type, 金融机构编码 or USCC body (17 chars), staff username)
    ("中国工商银行市分行", InstitutionType.BANK, "C1010211000013", "icbc_staff"),
    ("中国建设银行市分行", InstitutionType.BANK, "C1050211000018", "ccb_staff"),
    ("市农村商业银行", InstitutionType.BANK, "C1402211000027", "rcb_staff"),
    ("市汇通小额贷款有限公司", InstitutionType.MICROLOAN, "91350100MA2XK3P1", "microloan_staff"),
]

DEPARTMENT_TYPES = {"人民银行": DepartmentType.PBOC, "发改委": DepartmentType.NDRC, "经信委": DepartmentType.MIIT,
                    "金融办": DepartmentType.FINANCE_OFFICE}

ENTERPRISES = [
    # (USCC body (17 chars), name, contact, phone, industry division, region, certified?)
    ("91350100MA31E8B6", "市海峡精密机械有限公司", "陈立群", "13805910001", "34", "高新区街道", True),
    ("91350100MA2Y4LQ0", "市青禾农业科技有限公司", "林晓梅", "13905910002", "01", "东湖镇", True),
    ("92350100MA3Q7T5K", "城关区便民超市（个体工商户）", "黄德明", "13705910003", "52", "城关街道", False),
]
# name → (园区, 研发人员数); filled in only where still empty, so re-seeding never overwrites edits
ENTERPRISE_PARKS = {"市海峡精密机械有限公司": ("高新技术产业园", 18),
                    "市青禾农业科技有限公司": ("东湖现代农业产业园", 6)}
BLACKLISTED = ("91350100MA2W0X9N", "市某某贸易有限公司", "失信被执行人", "信用中国")


def uscc(body):
    """A demo USCC with a correct check character, so the demo codes pass the same validation as real ones."""
    body = body.ljust(17, "0")[:17]
    return body + check_character(body)


def _user(username, first_name, category, groups=(), **extra):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        from demo.home import DEMO_PASSWORD

        user = User.objects.create_user(username, f"{username}@portal.example.cn", DEMO_PASSWORD,
                                        first_name=first_name, category=category, **extra)
    user.groups.add(*groups)
    return user


def seed_regions():
    for order, name in enumerate(REGIONS):
        Region.objects.get_or_create(name=name, defaults={"sort_order": order})


def seed_parks():
    for order, name in enumerate(PARKS):
        Park.objects.get_or_create(name=name, defaults={"sort_order": order})


def seed_enterprise_attributes():
    """园区、研发人员数、净利润、资产负债率 for the demo enterprises, also those seeded before these fields existed."""
    for name, (park, rd_staff) in ENTERPRISE_PARKS.items():
        Enterprise.objects.filter(name=name, park__isnull=True).update(park=Park.objects.filter(name=park).first())
        Enterprise.objects.filter(name=name, rd_staff__isnull=True).update(rd_staff=rd_staff)
    demo_names = [row[1] for row in ENTERPRISES]
    for row in EnterpriseFinancials.objects.filter(enterprise__name__in=demo_names, net_profit__isnull=True):
        row.net_profit = (row.profit * Decimal("0.75")).quantize(Decimal("0.01")) if row.profit is not None else None
        row.debt_ratio = Decimal("48.60") - (2025 - row.year) * Decimal("3.25")
        row.save(update_fields=["net_profit", "debt_ratio"])


def seed_institutions():
    accounts = []
    for name, kind, code, username in INSTITUTIONS:
        codes = {"fi_code": code} if kind == InstitutionType.BANK else {"credit_code": uscc(code)}
        institution = FinancialInstitution.objects.filter(name=name).first()
        if institution is None:
            institution = FinancialInstitution(name=name, institution_type=kind, principal="张行长",
                                               contact_phone="0591-87650000", loan_contact_name="王经理",
                                               loan_contact_phone="13600000000", **codes)
            institution.full_clean()
            institution.save()
        _user(username, f"{name}信贷员", AccountCategory.INSTITUTION, [institution.group])
        accounts.append((f"{name}", username))
        # its product reviewer: 机构审核, the first step of the bank's publishing workflow (then 平台审核)
        reviewer = username.replace("_staff", "_reviewer")
        _user(reviewer, f"{name}产品审核员", AccountCategory.INSTITUTION,
              [institution.group, roles.setup_institution_reviewers(institution)])
        accounts.append((f"{name}产品审核员", reviewer))
    return accounts


def seed_departments(department_pages):
    for name, pages in department_pages.items():
        department, _ = GovernmentDepartment.objects.get_or_create(
            name=name, defaults={"dept_type": DEPARTMENT_TYPES.get(name, DepartmentType.OTHER)}
        )
        roles.setup_department(department, pages)
    supervisor = _user("pbc_supervisor", "人民银行监管员", AccountCategory.DEPARTMENT,
                       [Group.objects.get(name=roles.SUPERVISORS)])
    return [("人民银行监管员", supervisor.username)]


def seed_platform_admins(home):
    groups = roles.ensure_platform_groups()
    admin = get_user_model().objects.filter(username="admin").first()
    if admin is not None:
        admin.groups.add(groups[roles.LEVEL1])
    _user("platform1", "平台一级管理员", AccountCategory.PLATFORM, [groups[roles.LEVEL1]])
    level2 = _user("platform2_news", "平台二级管理员（新闻）", AccountCategory.PLATFORM)
    news = Page.objects.child_of(home).filter(slug="news").first()
    if news is not None:
        roles.assign_level2_channel(level2, news)
    return [("平台一级管理员（非超级用户）", "platform1"), ("平台二级管理员（仅新闻动态）", "platform2_news")]


def seed_enterprises(reviewer):
    from demo.home import DEMO_PASSWORD

    accounts = []
    for body, name, contact, phone, division, region, certified in ENTERPRISES:
        code = uscc(body)
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            enterprise = register_enterprise(name=name, credit_code=code, contact_person=contact,
                                             contact_phone=phone, email=f"{code.lower()}@example.cn",
                                             password=DEMO_PASSWORD)
            # demo accounts are ready to use: as if the e-mail link had been clicked
            get_user_model().objects.filter(pk=enterprise.account_id).update(is_activated=True,
                                                                            activated_at=timezone.now())
            enterprise.account.is_activated = True
            enterprise.industry = Industry.objects.filter(code=division).first()
            enterprise.region = Region.objects.filter(name=region).first()
            enterprise.legal_representative = contact
            enterprise.registered_capital = Decimal("5000000.00")
            enterprise.headcount = 86
            enterprise.established_year = 2012
            enterprise.save()
            for offset, revenue in enumerate((Decimal("32000000"), Decimal("28500000"), Decimal("24100000"))):
                EnterpriseFinancials.objects.get_or_create(
                    enterprise=enterprise, year=2025 - offset,
                    defaults={"revenue": revenue, "profit": revenue * Decimal("0.08")},
                )
            notify.send(enterprise.account, "欢迎使用融资服务门户", "完善企业资料有助于更精准地匹配贷款产品。")
            if certified:
                enterprise = certify(enterprise, by=reviewer)
        status = "已认证" if enterprise.status == CertificationStatus.CERTIFIED else "待认证"
        accounts.append((f"企业（{status}）{name}", code))
    bad_code = uscc(BLACKLISTED[0])
    Blacklist.objects.get_or_create(credit_code=bad_code, defaults={
        "name": BLACKLISTED[1], "reason": BLACKLISTED[2], "source": BLACKLISTED[3]})
    return accounts


def seed_members(home, department_pages):
    """Everything above; returns [(role, username)] for seed_demo to print."""
    seed_regions()
    seed_parks()
    accounts = seed_platform_admins(home)
    accounts += seed_institutions()
    accounts += seed_departments(department_pages)
    reviewer = get_user_model().objects.filter(username="platform1").first()
    accounts += seed_enterprises(reviewer)
    seed_enterprise_attributes()
    seed_data_sharing()
    return accounts


CREDIT_RECORDS_FILE = Path(__file__).resolve().parent / "data" / "credit_records.csv"


def seed_data_sharing():
    """精准授权: the exchange's sample file through the platform's importer (re-importing changes nothing), and,
    once, the first certified enterprise's grants to 工商银行 (one live, one expired) and 建设银行 (revoked), with
    one read of its profile by icbc_staff to show in 谁查看了我的数据."""
    with CREDIT_RECORDS_FILE.open("rb") as handle:
        result = credit_records.import_records(File(handle, name=CREDIT_RECORDS_FILE.name))
    assert result.ok, result.errors
    enterprise = Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).order_by("pk").first()
    icbc = FinancialInstitution.objects.filter(name=INSTITUTIONS[0][0]).first()
    ccb = FinancialInstitution.objects.filter(name=INSTITUTIONS[1][0]).first()
    if enterprise is None or icbc is None or ccb is None or DataGrant.objects.filter(enterprise=enterprise).exists():
        return
    today = timezone.localdate()
    account = enterprise.account
    DataGrant.objects.create(enterprise=enterprise, institution=icbc, valid_from=today - timedelta(days=200),
                             valid_until=today - timedelta(days=20), source=GrantSource.CENTRE, granted_by=account,
                             granted_at=timezone.now() - timedelta(days=200))
    revoked = data_sharing.grant(enterprise, ccb, valid_until=data_sharing.end_of_period(3), by=account)
    data_sharing.revoke(revoked, account)
    live = data_sharing.grant(enterprise, icbc, valid_until=data_sharing.end_of_period(6), by=account,
                              source=GrantSource.APPLICATION)
    staff = get_user_model().objects.filter(username=INSTITUTIONS[0][3]).first()
    if staff is not None:
        data_sharing.log_view(staff, enterprise, data_sharing.Access(live), DataViewKind.PROFILE)
