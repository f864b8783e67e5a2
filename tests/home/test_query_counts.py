"""Speed at scale (issue 23): the SQL queries of each page type do not grow with the number of items shown or
stored, and a public page needs at most 12.

Each case builds a small site, renders its page once (the first rendering fills what is kept until content
changes: navigation, settings, a channel's years), counts the queries of the next rendering, then adds items
until there are four times as many and counts again: the two counts are the same. An N+1 (a query per news
card, per product, per application row) makes the second count larger. Not timed: bench/pages.py and
bench/inprocess.py measure the milliseconds.
"""

import datetime
import re
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from consultations.models import BoardStatus
from core.models import PortalSettings
from finance_market import lifecycle
from finance_market.setup import setup_bank
from policies.models import NewsCategory, PolicyAttachment, PolicyType
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyIndexPageFactory,
    PolicyPageFactory,
)
from tests.factories.consultations import BoardPostFactory, FAQFactory
from tests.factories.lists import (
    EnterpriseListIndexPageFactory,
    EnterpriseListPageFactory,
    EnterpriseListRowFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12  # items before and after: the count must not change
PUBLIC_LIMIT = 12  # queries of any public page (issue 23)
SIGNED_IN_LIMIT = 30  # the member centre and the bank's list: constant, but sessions, permissions and menus cost


def queries_of(client, url):
    """The SQL statements of one rendering of ``url``, after a first one that fills the content caches."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    # the statements without their column lists: short enough to read in a failure
    return [re.sub(r"^SELECT .*? FROM", "SELECT … FROM", query["sql"]) for query in captured.captured_queries]


def assert_flat(client, url, grow, limit=PUBLIC_LIMIT):
    """``url`` renders with as many queries after ``grow`` has added items up to LARGE as with SMALL, and with at
    most ``limit``."""
    grow(SMALL)
    small = queries_of(client, url)
    grow(LARGE - SMALL)
    large = queries_of(client, url)
    assert len(small) == len(large), (f"{url}: {len(small)} queries with {SMALL} items, {len(large)} with {LARGE}:\n"
                                      + "\n".join(small) + "\n---\n" + "\n".join(large))
    assert len(large) <= limit, f"{url}: {len(large)} queries (at most {limit}):\n" + "\n".join(large)


# --- the sites the cases need ---------------------------------------------------------------------------------

@pytest.fixture
def site(home):
    s = SimpleNamespace(home=home)
    s.news = NewsIndexPageFactory(parent=home, slug="news", title="新闻动态", show_in_menus=True)
    s.pbc_news = NewsIndexPageFactory(parent=s.news, slug="pbc-news", title="人民银行动态", show_in_menus=True)
    s.policies = PolicyIndexPageFactory(parent=home, slug="policies", title="政策法规", show_in_menus=True)
    s.cases = CaseIndexPageFactory(parent=home, slug="cases", show_in_menus=True)
    s.count = 0
    # the settings row is made on its first reading, and saving it starts a new content version: made here, the
    # first rendering is not the one that empties the content caches
    PortalSettings.for_site(Site.objects.get(is_default_site=True))
    return s


def _n(site):
    site.count += 1
    return site.count


def add_news(site, parent=None, covers=False, **fields):
    def grow(count):
        for _ in range(count):
            n = _n(site)
            NewsPageFactory(parent=parent or site.news, slug=f"news-{n}", title=f"贷款新闻{n}",
                            date=datetime.date(2020 + n % 6, 1 + n % 12, 1),
                            category=[NewsCategory.WORK, NewsCategory.NOTICE][n % 2],
                            cover_image=ImageFactory() if covers else None, **fields)
    return grow


def add_policies(site, attachments_to=None):
    def grow(count):
        for _ in range(count):
            n = _n(site)
            policy = PolicyPageFactory(parent=site.policies, slug=f"policy-{n}", title=f"贷款政策{n}",
                                       date=datetime.date(2020 + n % 6, 3, 1), policy_type=PolicyType.TAX)
            policy.tags.add("小微企业", f"标签{n}")
            policy.save_revision().publish()
            if attachments_to is not None:
                PolicyAttachment.objects.create(page=attachments_to, document=DocumentFactory(), title=f"附件{n}")
    return grow


def add_cases(site):
    def grow(count):
        for _ in range(count):
            n = _n(site)
            CasePageFactory(parent=site.cases, slug=f"case-{n}", title=f"融资案例{n}")
    return grow


@pytest.fixture
def bank(site, cast):
    index = BankIndexPageFactory(parent=site.home, show_in_menus=True)
    site.bank_page = setup_bank(cast.bank_a, index)
    site.product = LoanProductPageFactory(parent=site.bank_page, title="甲银行信用贷", is_pinned=True)
    return site


def add_products(site):
    def grow(count):
        for _ in range(count):
            n = _n(site)
            LoanProductPageFactory(parent=site.bank_page, title=f"贷款产品{n}", slug=f"product-{n}",
                                   is_pinned=n % 2 == 0)
    return grow


def add_applications(site, cast):
    def grow(count):
        for _ in range(count):
            lifecycle.submit(
                enterprise=cast.enterprise_a, institution=site.product.institution, product=site.product,
                by=cast.ent_a, amount=Decimal("1000000"), term_months=12, purpose="补充流动资金",
                contact_person="张三", contact_phone="13800000000", checkout_token=uuid.uuid4())
    return grow


# --- the cases: (name, how the page and its growth are built) ------------------------------------------------

def case_home(site, **_):
    grow_news, grow_policies = add_news(site), add_policies(site)
    return "/", lambda count: (grow_news(count), grow_policies(count))


def case_news_list(site, **_):
    return site.news.url, add_news(site, covers=True)


def case_news_list_paginated(site, **_):
    return f"{site.news.url}?category=work&page=2", add_news(site)


def case_news_sub_channel(site, **_):
    return site.pbc_news.url, add_news(site, parent=site.pbc_news)


def case_policy_list_filtered(site, **_):
    return f"{site.policies.url}?type=tax&tag=小微企业&year=2022", add_policies(site)


def case_article(site, **_):
    article = NewsPageFactory(parent=site.news, slug="the-article", title="本篇新闻")
    return article.url, add_news(site)


def case_policy(site, **_):
    policy = PolicyPageFactory(parent=site.policies, slug="the-policy", title="本篇政策")
    return policy.url, add_policies(site, attachments_to=policy)


def case_case_list(site, **_):
    return site.cases.url, add_cases(site)


def case_case(site, **_):
    case = CasePageFactory(parent=site.cases, slug="the-case", title="本篇案例")
    return case.url, add_cases(site)


def case_bank_profile(site, bank, **_):
    return bank.bank_page.url, add_products(bank)


def case_product(site, bank, **_):
    return bank.product.url, add_products(bank)


def case_market(site, bank, **_):
    return "/market/", add_products(bank)


def case_market_filtered(site, bank, **_):
    return "/market/?sort=rate&page=2", add_products(bank)


def case_projects(site, **_):
    index = ProjectIndexPageFactory(parent=site.home, slug="projects")

    def grow(count):
        for _ in range(count):
            ProjectPageFactory(parent=index, slug=f"project-{_n(site)}")
    return index.url, grow


def case_enterprise_lists(site, **_):
    index = EnterpriseListIndexPageFactory(parent=site.home, slug="enterprise-lists")
    lists = [EnterpriseListPageFactory(parent=index, slug="growth")]

    def grow(count):
        for _ in range(count):
            EnterpriseListRowFactory(page=lists[0])
    return index.url, grow


def case_enterprise_list(site, **_):
    index = EnterpriseListIndexPageFactory(parent=site.home, slug="enterprise-lists")
    page = EnterpriseListPageFactory(parent=index, slug="growth")

    def grow(count):
        for _ in range(count):
            EnterpriseListRowFactory(page=page)
    return page.url, grow


def case_board(site, **_):
    def grow(count):
        for _ in range(count):
            post = BoardPostFactory()
            type(post).objects.filter(pk=post.pk).update(status=BoardStatus.APPROVED, reply="已转相关部门办理。")
    return "/board/", grow


def case_faq(site, **_):
    def grow(count):
        for _ in range(count):
            FAQFactory(category__name=f"分类{_n(site) % 4}", is_published=True)
    return "/consult/faq/", grow


def case_data(site, **_):
    return "/data/", add_policies(site)


def case_search(site, **_):
    """A word only the grown articles hold: 贷款 also finds the site's channels through its synonyms (融资案例),
    which the 12 articles push off the first page, and a second page type costs its own query."""
    def grow(count):
        for _ in range(count):
            n = _n(site)
            NewsPageFactory(parent=site.news, slug=f"cold-chain-{n}", title=f"冷链仓储贷款{n}",
                            date=datetime.date(2020 + n % 6, 1 + n % 12, 1))
    return "/search/?q=冷链仓储", grow


def case_sitemap(site, **_):
    return "/sitemap/", add_news(site)


def case_sitemap_xml(site, **_):
    return "/sitemap.xml", add_news(site)


def case_news_feed(site, **_):
    return "/feeds/news/", add_news(site)


def case_policy_feed(site, **_):
    return "/feeds/policies/", add_policies(site)


PUBLIC_CASES = [value for name, value in sorted(globals().items()) if name.startswith("case_")]
NEEDS_BANK = {case_bank_profile, case_product, case_market, case_market_filtered}


@pytest.mark.parametrize("build", PUBLIC_CASES, ids=lambda build: build.__name__.removeprefix("case_"))
def test_public_page_queries_do_not_grow_with_the_items(client, request, site, build):
    bank = request.getfixturevalue("bank") if build in NEEDS_BANK else None
    url, grow = build(site=site, bank=bank)
    assert_flat(client, url, grow)


def test_member_centre_queries_do_not_grow_with_the_applications(client, bank, cast):
    client.force_login(cast.ent_a)
    grow = add_applications(bank, cast)
    assert_flat(client, "/member/", grow, limit=SIGNED_IN_LIMIT)


def test_my_applications_queries_do_not_grow_with_the_applications(client, bank, cast):
    client.force_login(cast.ent_a)
    assert_flat(client, "/member/applications/", add_applications(bank, cast), limit=SIGNED_IN_LIMIT)


def test_bank_application_list_queries_do_not_grow_with_the_applications(client, bank, cast):
    client.force_login(cast.bank_a_user)
    assert_flat(client, "/admin/finance_market/loanapplication/", add_applications(bank, cast),
                limit=SIGNED_IN_LIMIT)


def test_the_search_case_counts_a_page_of_real_results(client, site):
    url, grow = case_search(site)
    grow(LARGE)
    html = client.get(url).content.decode()
    assert html.count('class="search-hit__title"') == 10  # a full first page of the grown articles
