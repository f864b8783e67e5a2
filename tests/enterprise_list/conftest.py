"""A small portal: 项目信息 and 企业名录 with a 发改委 and a 经信委 sub-channel each, two lists, projects, and
one user of every kind that matters for contact visibility and channel rights."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from enterprise_list.models import EnterpriseListRow, ListType, ProjectType
from members import roles
from members.models import AccountCategory, Industry, Region
from tests.factories.lists import (
    EnterpriseListIndexPageFactory,
    EnterpriseListPageFactory,
    EnterpriseListRowFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.factories.members import DepartmentFactory, EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import UserFactory
from tests.worlds import provide, register


@pytest.fixture
def portal(request, home):
    """Restored from the copy built once per test process when the test asks for it (tests/worlds.py)."""
    return provide(request, "portal", lambda: build_portal(home))


def build_portal(home):
    w = SimpleNamespace(home=home)
    groups = roles.ensure_platform_groups()
    w.ndrc = DepartmentFactory(name="发改委")
    w.miit = DepartmentFactory(name="经信委")
    w.projects = ProjectIndexPageFactory(parent=home, slug="projects", title="项目信息")
    w.ndrc_projects = ProjectIndexPageFactory(parent=w.projects, slug="ndrc", title="发改委项目", department=w.ndrc)
    w.miit_projects = ProjectIndexPageFactory(parent=w.projects, slug="miit", title="经信委项目", department=w.miit)
    w.lists = EnterpriseListIndexPageFactory(parent=home, slug="lists", title="企业名录")
    w.ndrc_lists = EnterpriseListIndexPageFactory(parent=w.lists, slug="ndrc", title="发改委名录", department=w.ndrc)
    w.miit_lists = EnterpriseListIndexPageFactory(parent=w.lists, slug="miit", title="经信委名录", department=w.miit)
    w.ndrc_channel = roles.setup_department(w.ndrc, [w.ndrc_projects, w.ndrc_lists])
    w.miit_channel = roles.setup_department(w.miit, [w.miit_projects, w.miit_lists])

    w.manufacturing = Industry.objects.get(code="C")
    w.machinery = Industry.objects.get(code="34")
    w.farming = Industry.objects.get(code="01")
    w.east, _ = Region.objects.get_or_create(name="东湖镇")
    w.hightech, _ = Region.objects.get_or_create(name="高新区街道")

    w.growth = EnterpriseListPageFactory(parent=w.miit_lists, slug="growth", title="2026年度成长型企业名录")
    w.key = EnterpriseListPageFactory(parent=w.miit_lists, slug="key", title="2026年度重点支持企业名录",
                                      list_type=ListType.KEY)
    w.row_machine = EnterpriseListRowFactory(page=w.growth, enterprise_name="海峡精密机械有限公司",
                                             industry=w.machinery, region=w.hightech,
                                             funding_need=Decimal("5000000"), contact_person="陈立群",
                                             contact_phone="13805910001")
    w.row_farm = EnterpriseListRowFactory(page=w.growth, enterprise_name="青禾农业科技有限公司", industry=w.farming,
                                          region=w.east, funding_need=Decimal("800000"), contact_person="林晓梅",
                                          contact_phone="13905910002")
    w.row_key = EnterpriseListRowFactory(page=w.key, enterprise_name="汇智新能源科技有限公司", industry=w.manufacturing,
                                         region=w.east, funding_need=Decimal("30000000"), contact_person="陈晓东",
                                         contact_phone="15105910011")

    w.p_fund = ProjectPageFactory(parent=w.ndrc_projects, code="R2142", title="融资担保公司增资",
                                  project_type=ProjectType.FUND_NEED, amount=Decimal("2000000"),
                                  date=datetime.date(2025, 4, 27))
    w.p_gov = ProjectPageFactory(parent=w.ndrc_projects, code="R2144", title="智能制造产业园二期",
                                 project_type=ProjectType.GOVERNMENT, amount=Decimal("100000000"),
                                 date=datetime.date(2026, 6, 3))
    w.p_ent = ProjectPageFactory(parent=w.miit_projects, code="R2146", title="专精特新企业技改",
                                 project_type=ProjectType.ENTERPRISE, amount=Decimal("888000"),
                                 date=datetime.date(2026, 7, 15))

    w.enterprise_user = EnterpriseFactory(name="甲企业").account
    w.bank = InstitutionFactory(name="甲银行")
    w.bank_user = InstitutionStaffFactory(username="bank_staff", institution=w.bank)
    closed = InstitutionFactory(name="已停用银行", is_active=False)
    w.closed_bank_user = InstitutionStaffFactory(username="closed_bank_staff", institution=closed)
    w.level1 = UserFactory(username="level1", category=AccountCategory.PLATFORM, groups=[groups[roles.LEVEL1]])
    w.level2 = UserFactory(username="level2", category=AccountCategory.PLATFORM)
    roles.assign_level2_channel(w.level2, w.lists)
    w.nobody = UserFactory(username="nobody")  # an account with no group (category defaults to 平台管理)
    w.ndrc_author = UserFactory(username="ndrc_author", category=AccountCategory.DEPARTMENT,
                                groups=[w.ndrc_channel.authors])
    w.ndrc_reviewer = UserFactory(username="ndrc_reviewer", category=AccountCategory.DEPARTMENT,
                                  groups=[w.ndrc_channel.reviewers])
    w.miit_author = UserFactory(username="miit_author", category=AccountCategory.DEPARTMENT,
                                groups=[w.miit_channel.authors])
    return w


register(portal, ("home", "portal"), lambda built: build_portal(built["home"]))


def xlsx_upload(rows, name="导入.xlsx"):
    """An uploaded .xlsx whose first row is the header."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def row_values(page):
    return list(EnterpriseListRow.objects.filter(page=page).order_by("sort_order")
                .values_list("enterprise_name", flat=True))
