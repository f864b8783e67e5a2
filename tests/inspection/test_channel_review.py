"""A department's to-do panel counts the pages waiting for review in its own channels, and its link opens exactly
those pages (issue 18): another department's page in review is neither counted nor listed; someone without a
channel is refused the list."""

import re

import pytest

from core.channels import setup_department_channel
from policies.models import NewsPage
from tests.factories import NewsIndexPageFactory, UserFactory
from tests.factories.pages import NewsPageFactory
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

LIST = "/admin/reports/channel-review/"


def submitted(parent, title, author):
    page = NewsPageFactory(parent=parent, title=title)
    page.save_revision(user=author)
    page.get_workflow().start(page, author)
    return page


@pytest.fixture
def two_departments(news_index):
    pbc_page = NewsIndexPageFactory(parent=news_index, slug="pbc", title="人民银行动态")
    ndrc_page = NewsIndexPageFactory(parent=news_index, slug="ndrc", title="发改委动态")
    pbc, ndrc = setup_department_channel("人民银行", pbc_page), setup_department_channel("发改委", ndrc_page)
    pbc_author = UserFactory(username="pbc_author", groups=[pbc.authors])
    ndrc_author = UserFactory(username="ndrc_author", groups=[ndrc.authors])
    submitted(pbc_page, "人民银行召开信贷座谈会", pbc_author)
    submitted(ndrc_page, "发改委发布项目清单", ndrc_author)
    submitted(ndrc_page, "发改委调研小微企业", ndrc_author)
    return pbc_author, ndrc_author


def panel_count(client):
    page = client.get("/admin/").content.decode()
    line = re.search(r'data-todo="channels-review">\s*<a href="([^"]+)">.*?data-count="(\d+)"', page, re.S)
    return line.group(1), int(line.group(2))


@pytest.mark.parametrize("who, mine, theirs", [
    (0, ["人民银行召开信贷座谈会"], ["发改委发布项目清单", "发改委调研小微企业"]),
    (1, ["发改委发布项目清单", "发改委调研小微企业"], ["人民银行召开信贷座谈会"]),
])
def test_the_panel_counts_and_lists_only_the_departments_own_pages(client, two_departments, who, mine, theirs):
    client.force_login(two_departments[who])
    link, count = panel_count(client)
    assert link == LIST and count == len(mine)
    page = client.get(link).content.decode()
    assert page.count("data-review=") == count
    assert all(title in page for title in mine) and not any(title in page for title in theirs)
    assert str(NewsPage._meta.verbose_name) in page  # the page type, in Chinese


def test_someone_without_a_channel_is_refused_the_list(client, cast, two_departments):
    client.force_login(cast.bank_a_user)
    assert_sends_to_admin_home(client.get(LIST))
