"""The admin home reads as Chinese where Wagtail's own zh_Hans catalogue leaves English (locale/zh_Hans)."""

import pytest

from tests.factories.users import UserFactory


@pytest.mark.django_db
def test_the_admin_home_search_box_invites_in_chinese(client, home):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    assert 'placeholder="搜索全部页面…"' in html
    assert "Search all pages" not in html
