"""members.decorators.enterprise_required, the one gate of every enterprise-only page, seen from the refused
side: anonymous visitors go to the login page and come back, other accounts get 403 on every page alike."""

import pytest

from members.models import AccountCategory
from tests.factories.members import EnterpriseFactory, InstitutionFactory, InstitutionStaffFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

ENTERPRISE_PAGES = [
    "/member/profile/", "/member/certification/",  # members
    "/member/applications/", "/market/cart/", "/market/match/",  # finance_market
    "/member/listing-plan/",  # enterprise_list
    "/consult/new/", "/complaints/new/",  # consultations
]
CERTIFIED_PAGES = ["/market/cart/", "/market/match/", "/member/listing-plan/"]


@pytest.mark.parametrize("url", ENTERPRISE_PAGES)
def test_anonymous_visitor_is_sent_to_login_and_back(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ENTERPRISE_PAGES)
def test_bank_staff_and_department_accounts_get_403(client, url):
    for user in (InstitutionStaffFactory(institution=InstitutionFactory()),
                 UserFactory(category=AccountCategory.DEPARTMENT)):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ENTERPRISE_PAGES)
def test_enterprise_account_without_its_enterprise_gets_403(client, url):
    client.force_login(UserFactory(category=AccountCategory.ENTERPRISE))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", CERTIFIED_PAGES)
def test_uncertified_enterprise_is_sent_to_the_member_centre(client, url):
    client.force_login(EnterpriseFactory().account)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/member/"


@pytest.mark.parametrize("url", ENTERPRISE_PAGES)
def test_certified_enterprise_is_let_in(client, url):
    client.force_login(EnterpriseFactory(certified=True).account)
    assert client.get(url).status_code == 200
