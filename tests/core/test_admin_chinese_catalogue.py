"""The admin home reads as Chinese where Wagtail's own zh_Hans catalogue leaves English (locale/zh_Hans)."""

import pytest

from tests.factories.users import UserFactory


@pytest.mark.django_db
def test_the_admin_home_search_box_invites_in_chinese(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert 'placeholder="搜索全部页面…"' in html
    assert "Search all pages" not in html


def test_a_choice_block_asks_for_a_choice_in_chinese():
    """The empty option of a StreamField choice (e.g. 政务新媒体's 平台 in the site settings)."""
    from django.utils import translation
    from wagtail.blocks import ChoiceBlock

    with translation.override("zh-hans"):
        block = ChoiceBlock(choices=[("wechat", "微信公众号")])
        assert str(block.field.choices[0][1]) == "- 请选择 -"


@pytest.mark.django_db
def test_the_admin_sidebar_carries_the_portals_mark_not_wagtails(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert '<template data-wagtail-sidebar-branding-logo><img src="/static/favicon.svg" alt="融资服务门户"' in html
