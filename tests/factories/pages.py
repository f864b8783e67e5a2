"""Page factories. Pages are created live under the parent given (``parent=...``)."""

import datetime

import factory
import wagtail_factories

from home.models import HomePage
from policies.models import (
    CaseIndexPage,
    CasePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    StandardPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "首页"

    class Meta:
        model = HomePage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"newsindexpage-{n}")
    title = factory.Sequence(lambda n: f"新闻栏目{n}")

    class Meta:
        model = NewsIndexPage


class PolicyIndexPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"policyindexpage-{n}")
    title = factory.Sequence(lambda n: f"政策栏目{n}")

    class Meta:
        model = PolicyIndexPage


class CaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "融资案例"

    class Meta:
        model = CaseIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"newspage-{n}")
    title = factory.Sequence(lambda n: f"新闻{n}")
    date = datetime.date(2026, 11, 1)
    category = NewsCategory.WORK
    summary = "新闻摘要"

    class Meta:
        model = NewsPage


class PolicyPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"policypage-{n}")
    title = factory.Sequence(lambda n: f"政策{n}")
    date = datetime.date(2026, 11, 1)
    issuing_authority = "中国人民银行"
    document_number = factory.Sequence(lambda n: f"银发〔2026〕{n}号")

    class Meta:
        model = PolicyPage


class CasePageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"casepage-{n}")
    title = factory.Sequence(lambda n: f"案例{n}")
    institution_name = "工商银行"

    class Meta:
        model = CasePage


class StandardPageFactory(wagtail_factories.PageFactory):
    slug = factory.Sequence(lambda n: f"standardpage-{n}")
    title = factory.Sequence(lambda n: f"页面{n}")

    class Meta:
        model = StandardPage
