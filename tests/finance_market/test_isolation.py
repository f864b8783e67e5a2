"""Who sees and acts on what, from the forbidden side: banks, enterprises, supervisors, anonymous."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance_market.checkout import attach
from finance_market.choices import ApplicationStatus as S
from finance_market.models import LoanApplication
from tests.finance_market.conftest import submit
from tests.refusals import assert_not_found, assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/finance_market/loanapplication/"


@pytest.fixture
def apps(market):
    return submit(market.ent_a, market.product_a), submit(market.ent_b, market.product_b)


def test_bank_lists_only_its_own_applications_in_the_admin(client, market, apps):
    mine, theirs = apps
    client.force_login(market.staff_a)
    body = client.get(ADMIN_LIST).content.decode()
    assert mine.reference in body and theirs.reference not in body


def test_bank_cannot_open_or_act_on_another_banks_application(client, market, apps):
    _mine, theirs = apps
    client.force_login(market.staff_a)
    assert client.get(f"/admin/market/applications/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/market/applications/{theirs.pk}/accept/", {"accept-note": ""}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_bank_accepts_its_own_application_from_the_admin(client, market, apps):
    mine, _theirs = apps
    client.force_login(market.staff_a)
    page = client.get(f"/admin/market/applications/{mine.pk}/")
    assert page.status_code == 200 and "受理" in page.content.decode()
    client.post(f"/admin/market/applications/{mine.pk}/accept/", {"accept-note": "已收到"})
    mine.refresh_from_db()
    assert mine.status == S.ACCEPTED


def test_bank_signs_with_credit_amount_in_wan(client, market, apps):
    mine, _ = apps
    client.force_login(market.staff_a)
    client.post(f"/admin/market/applications/{mine.pk}/accept/", {"accept-note": ""})
    client.post(f"/admin/market/applications/{mine.pk}/sign/", {"sign-credit_amount": "80", "sign-note": "同意"})
    mine.refresh_from_db()
    assert mine.status == S.SIGNED and mine.credit_amount == 800000


def test_supervisor_and_platform_admin_read_all_but_cannot_decide(client, market, apps):
    mine, theirs = apps
    for user in (market.supervisor, market.level1):
        client.force_login(user)
        body = client.get(ADMIN_LIST).content.decode()
        assert mine.reference in body and theirs.reference in body
        assert client.get(f"/admin/market/applications/{theirs.pk}/").status_code == 200
        client.post(f"/admin/market/applications/{theirs.pk}/accept/", {"accept-note": ""})
        theirs.refresh_from_db()
        assert theirs.status == S.SUBMITTED


def test_enterprise_sees_only_its_own_applications(client, market, apps):
    mine, theirs = apps
    client.force_login(market.ent_a.account)
    body = client.get("/member/applications/").content.decode()
    assert mine.reference in body and theirs.reference not in body
    assert client.get(f"/member/applications/{theirs.reference}/").status_code == 404
    assert client.post(f"/member/applications/{theirs.reference}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_enterprise_cannot_reach_the_back_office(client, market, apps):
    client.force_login(market.ent_a.account)
    assert_sends_to_login(client.get(ADMIN_LIST))


def test_enterprise_withdraws_its_own_application(client, market, apps):
    mine, _ = apps
    client.force_login(market.ent_a.account)
    client.post(f"/member/applications/{mine.reference}/withdraw/")
    mine.refresh_from_db()
    assert mine.status == S.WITHDRAWN


def test_attachments_reach_only_the_parties_and_supervisors(client, market, apps):
    mine, _ = apps
    attach(mine, [SimpleUploadedFile("报表.pdf", b"%PDF-1.4 demo")], market.ent_a.account)
    attachment = mine.attachments.get()
    url = f"/market/attachments/{attachment.pk}/"
    for user, status in ((market.ent_a.account, 200), (market.staff_a, 200), (market.supervisor, 200),
                         (market.ent_b.account, 404), (market.staff_b, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert_sends_to_login(client.get(url))
    # the file itself is in the private store, which /media/ never serves
    client.force_login(market.staff_a)
    assert_not_found(client.get(f"/media/{attachment.file.name}"))


def test_staff_visible_to_matches_the_rule(market, apps):
    mine, theirs = apps
    assert list(LoanApplication.objects.visible_to(market.staff_b)) == [theirs]
    assert set(LoanApplication.objects.visible_to(market.supervisor)) == {mine, theirs}
    assert list(LoanApplication.objects.visible_to(market.ent_a.account)) == [mine]
    assert not LoanApplication.objects.visible_to(market.pending.account).exists()


def test_bank_staff_edit_only_their_own_bank_pages(market):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    policy = PagePermissionPolicy()
    assert policy.user_has_permission_for_instance(market.staff_a, "change", market.product_a)
    assert not policy.user_has_permission_for_instance(market.staff_a, "change", market.product_b)
    assert not policy.user_has_permission_for_instance(market.staff_a, "change", market.index)
    assert not policy.user_has_permission_for_instance(market.staff_a, "publish", market.product_a)


def test_bank_pages_publish_through_institution_then_platform_review(market):
    workflow = market.page_a.get_workflow()
    assert [t.name for t in workflow.tasks] == ["甲银行审核", "平台审核"]
    assert market.product_a.get_workflow() == workflow


def test_bank_admin_listings_link_each_row_to_its_application_and_offer_no_edits(client, market, apps):
    from django.db import transaction

    from finance_market import lifecycle

    mine, theirs = apps
    with transaction.atomic():
        urged = lifecycle.urge(mine, market.supervisor, "请尽快受理")
        lifecycle.urge(theirs, market.supervisor, "请尽快受理")
    client.force_login(market.staff_a)
    applications = client.get(ADMIN_LIST).content.decode()
    assert f'href="/admin/market/applications/{mine.pk}/"' in applications and "查看与处理" in applications
    urges = client.get("/admin/finance_market/urge/").content.decode()
    assert f'href="/admin/market/applications/{mine.pk}/"' in urges and "查看申请与通知书" in urges
    assert f'href="/admin/market/applications/{theirs.pk}/"' not in urges
    for url in (f"{ADMIN_LIST}create/", f"{ADMIN_LIST}edit/{mine.pk}/", f"{ADMIN_LIST}delete/{mine.pk}/",
                "/admin/finance_market/urge/create/", f"/admin/finance_market/urge/edit/{urged.pk}/",
                f"/admin/finance_market/urge/delete/{urged.pk}/"):
        assert_sends_to_admin_home(client.get(url))
