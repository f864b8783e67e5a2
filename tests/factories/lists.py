"""Factories for enterprise lists and projects: pages are created live under ``parent``."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from enterprise_list.models import (
    EnterpriseListIndexPage,
    EnterpriseListPage,
    EnterpriseListRow,
    ListType,
    ProjectIndexPage,
    ProjectPage,
    ProjectType,
)
from tests.factories.members import make_uscc


class EnterpriseListIndexPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"lists-{n}")
    title = factory.Sequence(lambda n: f"企业名录栏目{n}")

    class Meta:
        model = EnterpriseListIndexPage


class EnterpriseListPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"list-{n}")
    title = factory.Sequence(lambda n: f"2026年度成长型企业名录{n}")
    list_type = ListType.GROWTH
    year = 2026
    date = datetime.date(2026, 3, 1)

    class Meta:
        model = EnterpriseListPage


class EnterpriseListRowFactory(factory.django.DjangoModelFactory):
    """A row saved straight to the database (what a published list holds)."""

    class Meta:
        model = EnterpriseListRow

    enterprise_name = factory.Sequence(lambda n: f"名录企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: make_uscc(n + 5000))
    funding_need = Decimal("1000000.00")
    project_summary = "技术改造项目"
    contact_person = factory.Sequence(lambda n: f"联系人{n}")
    contact_phone = factory.Sequence(lambda n: f"137{n:08d}")
    sort_order = factory.Sequence(lambda n: n)


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"projects-{n}")
    title = factory.Sequence(lambda n: f"项目栏目{n}")

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: f"项目{n}")
    code = factory.Sequence(lambda n: f"R{3000 + n}")
    project_type = ProjectType.FUND_NEED
    amount = Decimal("2000000.00")
    summary = "项目内容"
    date = datetime.date(2026, 4, 1)
    source = "市发改委"

    class Meta:
        model = ProjectPage
