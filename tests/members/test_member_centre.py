import pytest

from members.models import Favourite
from tests.factories.members import EnterpriseFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_messages_list_unread_count_mark_read_and_delete(client):
    enterprise = EnterpriseFactory()
    user = enterprise.account
    first = MessageFactory(recipient=user, title="贷款申请已受理")
    MessageFactory(recipient=user, title="认证结果通知", body="已通过")
    client.force_login(user)
    page = client.get("/member/").content.decode()
    assert "2 条未读" in page and "贷款申请已受理" in page

    assert "贷款申请已受理" not in client.get("/member/messages/", {"q": "认证"}).content.decode()
    client.get(f"/member/messages/{first.pk}/")
    first.refresh_from_db()
    assert first.is_read and first.read_at
    assert "1 条未读" in client.get("/member/messages/").content.decode()
    assert "贷款申请已受理" not in client.get("/member/messages/", {"state": "unread"}).content.decode()

    client.post("/member/messages/read/")
    assert not user.inbox_messages.filter(is_read=False).exists()
    client.post(f"/member/messages/{first.pk}/delete/")
    assert list(user.inbox_messages.values_list("title", flat=True)) == ["认证结果通知"]


def test_favourites_add_list_and_remove(client, world):
    client.force_login(world.ent_a)
    client.post("/member/favourites/add/", {"page": world.policy.pk, "next": world.policy.url})
    client.post("/member/favourites/add/", {"page": world.policy.pk})  # twice is still one favourite
    assert Favourite.objects.filter(user=world.ent_a).count() == 1
    page = client.get("/member/favourites/").content.decode()
    assert "一项政策" in page
    client.post(f"/member/favourites/{Favourite.objects.get().pk}/delete/")
    assert not Favourite.objects.exists()


def test_unpublished_pages_cannot_be_favourited(client, world):
    world.policy.unpublish()
    client.force_login(world.ent_a)
    assert client.post("/member/favourites/add/", {"page": world.policy.pk}).status_code == 404


def test_header_shows_login_links_then_member_centre(client, world):
    page = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in page and 'href="/accounts/register/"' in page
    client.force_login(world.ent_a)
    page = client.get("/").content.decode()
    assert 'href="/member/"' in page and 'action="/accounts/logout/"' in page


def test_staff_member_centre_shows_their_organisation(client, world):
    client.force_login(world.bank_a_user)
    page = client.get("/member/").content.decode()
    assert "甲银行" in page and "/admin/" in page
    client.force_login(world.dept_a_user)
    assert "人民银行" in client.get("/member/").content.decode()


