"""IDOR (F-SEC-8): every front-end URL that names a private object by id answers 403/404 (or sends back to
its list and changes nothing) for another enterprise, and sends an anonymous visitor to the login page."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from consultations.models import Complaint, Consultation
from finance_market.checkout import attach
from finance_market.models import CartItem, FinancingNeed, LoanApplication
from members.models import Favourite, Message
from tests.factories.consultations import ComplaintFactory, ConsultationFactory
from tests.factories.members import MessageFactory
from tests.finance_market.conftest import market, submit  # noqa: F401  (fixture)
from tests.refusals import assert_not_found, assert_refused, assert_sends_to_login

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
    """(url, how another enterprise is refused): messages answer 403 (test_permissions), the rest 404."""
    return [
        (f"/member/applications/{o.application.reference}/", 404),
        (f"/market/attachments/{o.attachment.pk}/", 404),
        (f"/member/messages/{o.message.pk}/", 403),
        (f"/consult/{o.consultation.pk}/", 404),
        (f"/complaints/{o.complaint.pk}/", 404),
    ]


def post_urls(o):
    """(url, how another enterprise is refused, a check that the object is untouched)."""
    return [
        (f"/member/applications/{o.application.reference}/withdraw/", 404,
         lambda: LoanApplication.objects.get(pk=o.application.pk).status == o.application.status),
        (f"/market/cart/{o.cart.pk}/remove/", 404, lambda: CartItem.objects.filter(pk=o.cart.pk).exists()),
        # a need is refused back to the needs list with "只能撤回本企业的需求。" (needs are shown to others)
        (f"/market/needs/{o.need.pk}/withdraw/", "/market/needs/",
         lambda: FinancingNeed.objects.get(pk=o.need.pk).status == o.need.status),
        (f"/member/messages/{o.message.pk}/delete/", 403, lambda: Message.objects.filter(pk=o.message.pk).exists()),
        (f"/member/favourites/{o.favourite.pk}/delete/", 403,
         lambda: Favourite.objects.filter(pk=o.favourite.pk).exists()),
    ]


def test_another_enterprise_is_refused_every_private_object(client, market, owned):  # noqa: F811
    client.force_login(market.ent_b.account)
    for url, refusal in get_urls(owned):
        assert_refused(client.get(url), refusal)
    for url, refusal, untouched in post_urls(owned):
        assert_refused(client.post(url), refusal)
        assert untouched(), f"{url} changed another enterprise's object"


def test_bank_staff_of_another_bank_cannot_open_the_application_or_its_attachment(client, market, owned):  # noqa: F811
    client.force_login(market.staff_b)
    assert_not_found(client.get(f"/market/attachments/{owned.attachment.pk}/"))
    assert_not_found(client.get(f"/consult/{owned.consultation.pk}/"))


def test_anonymous_visitor_is_sent_to_login(client, market, owned):  # noqa: F811
    for url, _refusal in get_urls(owned):
        assert_sends_to_login(client.get(url))
    for url, _refusal, untouched in post_urls(owned):
        assert_sends_to_login(client.post(url))
        assert untouched(), url


def test_the_owner_does_reach_them(client, market, owned):  # noqa: F811
    """The same URLs answer for the owner, so the refusals above are about ownership, not broken URLs."""
    client.force_login(market.ent_a.account)
    for url, _refusal in get_urls(owned):
        assert client.get(url).status_code == 200, url


def test_private_attachment_file_is_not_served_by_url_guessing(client, market, owned):  # noqa: F811
    """An application material is reachable only through the permission-checked view: not under /media/
    (development server), and it is no Wagtail document, so /documents/ has nothing to guess."""
    name = owned.attachment.file.name
    client.force_login(market.ent_b.account)
    assert client.get(f"/media/{name}").status_code == 404
    client.force_login(market.ent_a.account)
    assert client.get(f"/media/{name}").status_code == 404
    assert not get_document_model().objects.exists()
    assert Consultation.objects.filter(pk=owned.consultation.pk).exists()
    assert Complaint.objects.filter(pk=owned.complaint.pk).exists()
