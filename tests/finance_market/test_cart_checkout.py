"""购物车 and checkout: no duplicates, one application per product, extra fields, attachments, idempotent."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from finance_market.models import CartItem, LoanApplication, ProductFormField
from members.models import Message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%demo\n"


def add(client, product):
    return client.post("/market/cart/add/", {"product": product.pk})


@pytest.fixture
def ent_client(client, market):
    client.force_login(market.ent_a.account)
    return client


def test_adding_the_same_product_twice_keeps_one_cart_line(ent_client, market):
    add(ent_client, market.product_a)
    add(ent_client, market.product_a)
    assert CartItem.objects.filter(enterprise=market.ent_a).count() == 1
    page = ent_client.get("/market/cart/")
    assert [item.product.title for item in page.context["items"]] == ["甲银行信用贷"]
    assert "已在购物车中" in page.content.decode()


def test_remove_from_cart(ent_client, market):
    add(ent_client, market.product_a)
    item = CartItem.objects.get()
    ent_client.post(f"/market/cart/{item.pk}/remove/")
    assert not CartItem.objects.exists()


def test_enterprise_cannot_remove_another_enterprises_cart_line(client, market):
    other = CartItem.objects.create(enterprise=market.ent_b, product=market.product_a)
    client.force_login(market.ent_a.account)
    assert client.post(f"/market/cart/{other.pk}/remove/").status_code == 404
    assert CartItem.objects.filter(pk=other.pk).exists()


def test_uncertified_enterprise_cannot_use_the_cart(client, market):
    client.force_login(market.pending.account)
    response = client.post("/market/cart/add/", {"product": market.product_a.pk})
    assert response.status_code == 302 and response.url == "/member/"
    assert not CartItem.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, market):
    for url in ("/market/cart/", "/market/match/", "/market/cart/checkout/", "/member/applications/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_bank_staff_cannot_use_the_cart(client, market):
    client.force_login(market.staff_a)
    assert client.post("/market/cart/add/", {"product": market.product_a.pk}).status_code == 403


def _checkout_data(token, market, **extra):
    data = {"token": str(token), "amount": "100", "term_months": "12", "purpose": "采购原材料",
            "repayment_method": "interest_first", "is_first_loan": "1", "contact_person": "陈立群",
            "contact_phone": "13800000001"}
    data.update(extra)
    return data


def test_checkout_form_is_prefilled_from_the_profile(ent_client, market):
    add(ent_client, market.product_a)
    form = ent_client.get("/market/cart/checkout/").context["form"]
    assert form.initial["contact_person"] == market.ent_a.contact_person
    assert form.initial["contact_phone"] == market.ent_a.contact_phone


def test_checkout_creates_one_application_per_product_with_fields_and_attachments(ent_client, market):
    field = ProductFormField.objects.create(page=market.product_a, label="近一年纳税总额（万元）", field_type="number")
    add(ent_client, market.product_a)
    add(ent_client, market.product_b)
    token = uuid.uuid4()
    data = _checkout_data(token, market, **{
        f"p{market.product_a.pk}-{field.key}": "35",
        f"p{market.product_a.pk}-attachments": SimpleUploadedFile("营业执照.pdf", PDF, "application/pdf"),
    })
    response = ent_client.post("/market/cart/checkout/", data)
    assert response.status_code == 302 and response.url == "/member/applications/"
    apps = {a.institution_id: a for a in LoanApplication.objects.all()}
    assert set(apps) == {market.bank_a.pk, market.bank_b.pk}
    app_a = apps[market.bank_a.pk]
    assert app_a.amount == 1000000 and app_a.extra_data == {"近一年纳税总额（万元）": "35"}
    attachment = app_a.attachments.get()
    assert attachment.filename == "营业执照.pdf" and attachment.file.name.startswith("private/application_materials/")
    assert not get_document_model().objects.exists()  # not in Wagtail's 文档 library
    assert not CartItem.objects.exists()
    assert Message.objects.filter(recipient=market.staff_b, title__contains=apps[market.bank_b.pk].reference).exists()
    # submitting the very same form again creates nothing
    again = ent_client.post("/market/cart/checkout/", _checkout_data(token, market))
    assert again.status_code == 302 and LoanApplication.objects.count() == 2


def test_required_extra_field_blocks_submission_and_keeps_what_was_typed(ent_client, market):
    ProductFormField.objects.create(page=market.product_a, label="抵押物地址", required=True)
    add(ent_client, market.product_a)
    response = ent_client.post("/market/cart/checkout/", _checkout_data(uuid.uuid4(), market, purpose="扩大生产"))
    assert response.status_code == 200 and not LoanApplication.objects.exists()
    assert "扩大生产" in response.content.decode()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("病毒.exe", b"MZ....", "格式不支持"),
    ("假的.pdf", b"MZ not a pdf", "内容与扩展名不符"),
])
def test_attachment_type_is_checked(ent_client, market, name, content, message):
    add(ent_client, market.product_a)
    upload = {f"p{market.product_a.pk}-attachments": SimpleUploadedFile(name, content)}
    data = _checkout_data(uuid.uuid4(), market, **upload)
    response = ent_client.post("/market/cart/checkout/", data)
    assert message in response.content.decode() and not LoanApplication.objects.exists()


def test_attachment_size_is_checked(ent_client, market):
    from finance_market.models import MarketSettings

    settings = MarketSettings.load()
    settings.attachment_max_mb = 1
    settings.save()
    add(ent_client, market.product_a)
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024))
    response = ent_client.post("/market/cart/checkout/",
                               _checkout_data(uuid.uuid4(), market, **{f"p{market.product_a.pk}-attachments": big}))
    assert "超过 1 MB" in response.content.decode() and not LoanApplication.objects.exists()


def test_checkout_service_called_twice_with_one_token_creates_once(market):
    from finance_market.checkout import checkout

    common = {"amount": 1000000, "term_months": 12, "purpose": "采购", "repayment_method": "interest_first",
              "is_first_loan": True, "contact_person": "张", "contact_phone": "13800000000", "collateral": []}
    token = uuid.uuid4()
    first, created = checkout(market.ent_a, market.ent_a.account, [(market.product_a, {}, {})], common, token)
    second, created_again = checkout(market.ent_a, market.ent_a.account, [(market.product_a, {}, {})], common, token)
    assert created and not created_again and [a.pk for a in first] == [a.pk for a in second]
    assert LoanApplication.objects.count() == 1
