"""Editors move (转移) and copy/forward (转发) an item to another channel (F-CMS-5)."""

import pytest

from policies.models import NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def test_move_a_news_item_to_another_channel(client, superuser, news_index):
    source = NewsIndexPageFactory(parent=news_index, slug="a")
    target = NewsIndexPageFactory(parent=news_index, slug="b")
    page = NewsPageFactory(parent=source, slug="item", title="转移的新闻")
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{page.pk}/move/{target.pk}/confirm/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_parent().pk == target.pk
    assert client.get("/news/b/item/").status_code == 200
    old_link = client.get("/news/a/item/")  # links people saved keep working
    assert old_link.status_code == 301 and old_link["Location"].endswith("/news/b/item/")


def test_copy_a_news_item_into_another_channel(client, superuser, news_index):
    source = NewsIndexPageFactory(parent=news_index, slug="a")
    target = NewsIndexPageFactory(parent=news_index, slug="b")
    page = NewsPageFactory(parent=source, slug="item", title="转发的新闻")
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{page.pk}/copy/", {
        "new_title": "转发的新闻", "new_slug": "item", "new_parent_page": target.pk, "publish_copies": "on",
    })
    assert response.status_code == 302
    copies = NewsPage.objects.filter(title="转发的新闻")
    assert copies.count() == 2
    assert client.get("/news/a/item/").status_code == 200
    assert client.get("/news/b/item/").status_code == 200
