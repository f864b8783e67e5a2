"""Every front-end form is drawn by templates/includes/form.html and every flash message by templates/base.html."""

import re

import pytest

from tests.factories.members import EnterpriseFactory

pytestmark = pytest.mark.django_db

# (url, data with a required field left empty, the field's id)
INVALID_FORMS = [
    ("/accounts/password/change/", {"old_password": ""}, "id_old_password"),  # members
    ("/consult/new/", {"title": ""}, "id_title"),  # consultations
    ("/market/needs/", {"amount": ""}, "id_amount"),  # finance_market
]


def element_ids(html):
    return set(re.findall(r'\bid="([^"]+)"', html))


@pytest.mark.parametrize("url, data, field_id", INVALID_FORMS)
def test_an_invalid_field_is_described_by_its_error_and_keeps_the_required_marker(client, url, data, field_id):
    client.force_login(EnterpriseFactory(certified=True).account)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    widget = re.search(rf'<[^>]*\bid="{field_id}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in widget
    described_by = re.search(r'aria-describedby="([^"]+)"', widget).group(1).split()
    assert f"{field_id}_error" in described_by
    assert set(described_by) <= element_ids(html)  # every id it names is on the page
    error = re.search(rf'<div class="field-errors" id="{field_id}_error" role="alert">(.*?)</div>', html, re.S)
    assert "<p>" in error.group(1)
    label = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S).group(1)
    assert '<span class="required" aria-hidden="true">*</span>' in label


def test_help_text_is_linked_to_its_field(client):
    client.force_login(EnterpriseFactory(certified=True).account)
    html = client.get("/accounts/password/change/").content.decode()
    help_ids = re.findall(r'<div class="help" id="([^"]+)_helptext">', html)
    assert help_ids
    for field_id in help_ids:
        widget = re.search(rf'<[^>]*\bid="{field_id}"[^>]*>', html).group(0)
        assert f"{field_id}_helptext" in widget


def test_a_flash_message_is_shown_once_on_the_next_page(client):
    client.force_login(EnterpriseFactory(certified=True).account)
    response = client.post("/market/needs/", {"amount": "50", "term_months": "12", "purpose": "采购原材料",
                                              "repayment_method": "interest_first"}, follow=True)
    html = response.content.decode()
    assert html.count('<ul class="flash" role="status">') == 1
    assert html.count("融资需求已提交，平台审核通过后向金融机构展示。") == 1
    assert "融资需求已提交" not in client.get("/market/needs/").content.decode()


def test_member_pages_show_a_flash_message_once(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    response = client.get("/market/cart/", follow=True)  # uncertified: sent to the member centre with a warning
    html = response.content.decode()
    assert response.redirect_chain == [("/member/", 302)]
    assert html.count('<li class="flash--warning">企业通过平台认证后才能办理此业务。</li>') == 1
