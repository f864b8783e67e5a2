"""/market/ is kept by the anonymous page cache like a Wagtail page: visitors get the cached copy, an
institution's change shows at once, and a signed-in enterprise (cart buttons) never gets a cached copy."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60


def test_anonymous_visitors_get_the_cached_marketplace(client, market, django_assert_max_num_queries):
    client.get("/")  # the site's settings row is created on the first request (which purges)
    first = client.get("/market/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get("/market/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "甲银行信用贷" in second.content.decode()


def test_renaming_an_institution_shows_at_once(client, market):
    client.get("/")
    client.get("/market/")
    market.bank_a.name = "甲农商银行"
    market.bank_a.save()
    response = client.get("/market/")
    assert response["X-Page-Cache"] == "miss"
    assert "甲农商银行" in response.content.decode()


def test_signed_in_enterprise_is_never_served_the_cached_copy(client, market):
    client.get("/")
    client.get("/market/")
    client.force_login(market.ent_a.account)
    response = client.get("/market/")
    assert "X-Page-Cache" not in response
    assert "加入购物车" in response.content.decode()  # the anonymous copy has no cart buttons
