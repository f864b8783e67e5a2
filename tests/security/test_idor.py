"""IDOR (F-SEC-8): every front-end URL that names a private object by id answers 403/404 (or changes
nothing) for another enterprise, and sends an anonymous visitor to the login page."""

import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Complaint, Consultation
from finance_market.checkout import attach
from finance_market.models import CartItem, FinancingNeed, LoanApplication
from members.models import Favourite, Message
from tests.factories.consultations import ComplaintFactory, ConsultationFactory
from tests.factories.members import MessageFactory
from tests.finance_market.conftest import market, submit  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(market):  # noqa: F811
    """Objects belonging to enterprise A."""
    a = market.ent_a
    o = SimpleNamespace()
    o.application = submit(a, market.product_a)
    attach(o.application, [SimpleUploadedFile("财务报表.pdf", b"%PDF-1.4\nsecret\n")], by=a.account)
    o.attachment = o.application.attachments.get()
    o.cart = CartItem.objects.create(enterprise=a, product=market.product_b)
    o.need = FinancingNeed.objects.create(enterprise=a, amount=500000, term_months=12, purpose="采购",
                                          repayment_method="interest_first")
    o.message = MessageFactory(recipient=a.account, title="审批结果")
    o.favourite = Favourite.objects.create(user=a.account, page=market.product_a)
    o.consultation = ConsultationFactory(enterprise=a, asker=a.account, title="甲企业的私密咨询")
    o.complaint = ComplaintFactory(author=a.account, title="甲企业的投诉")
    return o


def get_urls(o):
    return [
        f"/member/applications/{o.application.reference}/",
        f"/market/attachments/{o.attachment.pk}/",
        f"/member/messages/{o.message.pk}/",
        f"/consult/{o.consultation.pk}/",
        f"/complaints/{o.complaint.pk}/",
    ]


def post_urls(o):
    """(url, a check that the object is untouched)."""
    return [
        (f"/member/applications/{o.application.reference}/withdraw/",
         lambda: LoanApplication.objects.get(pk=o.application.pk).status == o.application.status),
        (f"/market/cart/{o.cart.pk}/remove/", lambda: CartItem.objects.filter(pk=o.cart.pk).exists()),
        (f"/market/needs/{o.need.pk}/withdraw/",
         lambda: FinancingNeed.objects.get(pk=o.need.pk).status == o.need.status),
        (f"/member/messages/{o.message.pk}/delete/", lambda: Message.objects.filter(pk=o.message.pk).exists()),
        (f"/member/favourites/{o.favourite.pk}/delete/", lambda: Favourite.objects.filter(pk=o.favourite.pk).exists()),
    ]


def test_another_enterprise_gets_404_or_403_on_every_private_object(client, market, owned):  # noqa: F811
    client.force_login(market.ent_b.account)
    for url in get_urls(owned):
        response = client.get(url)
        assert response.status_code in (403, 404), url
    for url, untouched in post_urls(owned):
        response = client.post(url)
        assert response.status_code in (302, 403, 404), url
        assert untouched(), f"{url} changed another enterprise's object"


def test_bank_staff_of_another_bank_cannot_open_the_application_or_its_attachment(client, market, owned):  # noqa: F811
    client.force_login(market.staff_b)
    assert client.get(f"/market/attachments/{owned.attachment.pk}/").status_code in (403, 404)
    assert client.get(f"/consult/{owned.consultation.pk}/").status_code in (403, 404)


def test_anonymous_visitor_is_sent_to_login_or_refused(client, market, owned):  # noqa: F811
    for url in get_urls(owned):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response.url.startswith("/accounts/login/"), url
    for url, untouched in post_urls(owned):
        client.post(url)
        assert untouched(), url


def test_the_owner_does_reach_them(client, market, owned):  # noqa: F811
    """The same URLs answer for the owner, so the refusals above are about ownership, not broken URLs."""
    client.force_login(market.ent_a.account)
    for url in get_urls(owned):
        assert client.get(url).status_code == 200, url


def test_private_attachment_file_is_not_served_by_url_guessing(client, market, owned):  # noqa: F811
    """The file of a private document is reachable only through the permission-checked view: not under
    /media/ (development server) and not through Wagtail's /documents/ view for a non-superuser."""
    document = owned.attachment.document
    client.force_login(market.ent_b.account)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert not re.search(r"/media/", response.url)
    client.force_login(market.ent_a.account)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert Consultation.objects.filter(pk=owned.consultation.pk).exists()
    assert Complaint.objects.filter(pk=owned.complaint.pk).exists()
