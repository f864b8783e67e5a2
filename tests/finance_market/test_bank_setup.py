"""An institution added in the admin gets its bank page at once, with its staff's rights and review."""

import pytest
from wagtail.models import GroupPagePermission, WorkflowPage

from finance_market.models import BankPage
from finance_market.signals import create_bank_page
from members.models import FinancialInstitution
from tests.refusals import assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

NEW_BANK = {"name": "丙农商银行", "institution_type": "bank", "fi_code": "B0123H23301000", "credit_code": "",
            "principal": "", "contact_phone": "", "loan_contact_name": "", "loan_contact_phone": "", "intro": "",
            "is_active": "on", "staff_username": "bing_staff", "staff_name": "丙信贷员", "staff_email": "s@bing.cn"}


def test_admin_adding_an_institution_creates_its_live_bank_page(client, market):
    client.force_login(market.level1)
    response = client.post("/admin/members/financialinstitution/create/", NEW_BANK)
    assert response.status_code == 302
    institution = FinancialInstitution.objects.get(name="丙农商银行")
    page = BankPage.objects.get(institution=institution)
    assert page.live and page.get_parent().specific == market.index and page.title == "丙农商银行"
    assert GroupPagePermission.objects.filter(group=institution.group, page=page).exists()
    assert WorkflowPage.objects.filter(page=page).exists()
    assert client.get(page.url).status_code == 200


def test_bank_page_creation_is_idempotent(market):
    create_bank_page(FinancialInstitution, institution=market.bank_a)
    create_bank_page(FinancialInstitution, institution=market.bank_a)
    assert BankPage.objects.filter(institution=market.bank_a).count() == 1


def test_bank_staff_cannot_add_institutions(client, market):
    client.force_login(market.staff_a)
    assert_sends_to_admin_home(client.post("/admin/members/financialinstitution/create/", NEW_BANK))
    assert not FinancialInstitution.objects.filter(name="丙农商银行").exists()
    assert not BankPage.objects.filter(title="丙农商银行").exists()
