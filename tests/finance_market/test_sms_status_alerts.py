"""Status-change SMS (issue 22): an enterprise that opted in on its profile page gets a text when the bank moves
its loan application on; one that did not gets none; the text goes out after the commit through members/sms.py."""

import pytest

from finance_market import lifecycle
from members import sms
from members.models import AlertPreference
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db

PHONE = "13800003333"


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def enterprise(market):
    account = market.ent_a.account
    account.phone = PHONE
    account.save(update_fields=["phone"])
    return market.ent_a


def profile_data(enterprise, **extra):
    return {"contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone,
            "email": enterprise.email, **extra}


def test_an_enterprise_that_opted_in_on_its_profile_is_texted_when_the_bank_accepts(
        client, market, enterprise, django_capture_on_commit_callbacks):
    client.force_login(enterprise.account)
    assert client.post("/member/profile/", profile_data(enterprise, **{"alerts-sms_status_alerts": "on"})
                       ).status_code == 302
    assert AlertPreference.objects.get(user=enterprise.account).sms_status_alerts is True
    application = submit(enterprise, market.product_a)
    assert not sms.outbox  # its own submission is no news to it
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply_transition(application, "accept", market.staff_a)
    [message] = sms.outbox
    assert message["phone"] == PHONE and message["kind"] == sms.APPLICATION_STATUS
    assert message["params"] == {"reference": application.reference, "status": "银行审批中"}
    assert application.reference in message["text"] and "银行审批中" in message["text"]


def test_an_enterprise_that_did_not_opt_in_gets_no_text(market, enterprise, django_capture_on_commit_callbacks):
    application = submit(enterprise, market.product_a)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply_transition(application, "accept", market.staff_a)
    assert not sms.outbox


def test_switching_the_texts_off_again_on_the_profile_stops_them(
        client, market, enterprise, django_capture_on_commit_callbacks):
    AlertPreference.objects.create(user=enterprise.account, sms_status_alerts=True)
    client.force_login(enterprise.account)
    page = client.get("/member/profile/").content.decode()
    assert "短信提醒贷款申请状态变化" in page and PHONE in page
    client.post("/member/profile/", profile_data(enterprise))  # checkbox left unticked
    application = submit(enterprise, market.product_a)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.apply_transition(application, "accept", market.staff_a)
    assert not sms.outbox
    assert AlertPreference.objects.get(user=enterprise.account).email_alerts is True  # e-mail choice untouched
