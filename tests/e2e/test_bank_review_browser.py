"""A bank's product review in real chromium, without the superuser (issue 18): the bank's officer changes a
product and submits it, the bank's product reviewer approves 机构审核, a level-1 platform admin approves 平台审核,
and the change is live."""

import re

import pytest
from playwright.sync_api import expect

from finance_market.models import LoanProductPage
from finance_market.setup import setup_bank
from members import roles
from tests.e2e.helpers import sign_in
from tests.e2e.test_publishing_browser import approve_in_the_admin, footer_action
from tests.factories.market import BankIndexPageFactory, LoanProductPageFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_bank_officer_submits_a_product_change_the_banks_reviewer_and_the_platform_approve(live_server, page, home,
                                                                                            cast):
    bank_page = setup_bank(cast.bank_a, BankIndexPageFactory(parent=home))
    product = LoanProductPageFactory(parent=bank_page, title="甲银行信用贷")
    reviewer = UserFactory(username="bank_a_reviewer", groups=[cast.bank_a.group,
                                                               roles.setup_institution_reviewers(cast.bank_a)])

    sign_in(page, live_server.url, cast.bank_a_user)
    page.goto(f"{live_server.url}/admin/pages/{product.pk}/edit/")
    page.locator("#id_title").fill("甲银行信用贷（升级版）")
    footer_action(page, "button[name='action-submit']")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    assert LoanProductPage.objects.get(pk=product.pk).current_workflow_state.status == "in_progress"

    sign_in(page, live_server.url, reviewer)
    approve_in_the_admin(page, live_server, product.pk)
    state = LoanProductPage.objects.get(pk=product.pk).current_workflow_state
    assert state.current_task_state.task.name == "平台审核"

    sign_in(page, live_server.url, cast.level1)
    approve_in_the_admin(page, live_server, product.pk)
    live = LoanProductPage.objects.get(pk=product.pk)
    assert live.title == "甲银行信用贷（升级版）" and live.current_workflow_state is None

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{live.url}")
    expect(page.locator("h1")).to_contain_text("甲银行信用贷（升级版）")
