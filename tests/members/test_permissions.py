"""Permission matrix: every role × every protected URL; allowed ones answer 200, the rest are refused, each
where ``refusal`` says (tests/refusals.py): the login page for visitors and for accounts without back-office
access on /admin/ URLs, Wagtail's redirect to the admin home (with a "permission denied" message) for back-office
users, 403 for another account's member pages and for the site history (its guard answers every signed-in
account that may not read it).
"""

import pytest

from members.models import CertificationStatus, Favourite, Message
from tests.refusals import assert_refused, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "ent_a", "ent_b", "bank_a", "bank_b", "dept_a", "dept_b", "level2", "level1", "supervisor"]
STAFF = {"bank_a", "bank_b", "dept_a", "dept_b", "level2", "level1", "supervisor"}
LOGGED_IN = set(ROLES) - {"anonymous"}

# url name → (url template filled from the world, roles allowed)
MATRIX = {
    "member centre": ("/member/", LOGGED_IN),
    "enterprise profile": ("/member/profile/", {"ent_a", "ent_b"}),
    "enterprise certification": ("/member/certification/", {"ent_a", "ent_b"}),
    "A's message": ("/member/messages/{w.message_a.pk}/", {"ent_a"}),
    "admin dashboard": ("/admin/", STAFF),
    "enterprise list (admin)": ("/admin/members/enterprise/", {"level1"}),
    "certify enterprise B": ("/admin/member-review/enterprise/{w.enterprise_b.pk}/certify/", {"level1"}),
    "reject enterprise B": ("/admin/member-review/enterprise/{w.enterprise_b.pk}/reject/", {"level1"}),
    "institution list": ("/admin/members/financialinstitution/", {"bank_a", "bank_b", "level1"}),
    "edit bank A": ("/admin/members/financialinstitution/edit/{w.bank_a.pk}/", {"bank_a", "level1"}),
    "edit bank B": ("/admin/members/financialinstitution/edit/{w.bank_b.pk}/", {"bank_b", "level1"}),
    "create institution": ("/admin/members/financialinstitution/create/", {"level1"}),
    "department list": ("/admin/members/governmentdepartment/", {"level1"}),
    "blacklist": ("/admin/members/blacklist/", {"level1"}),
    "login log": ("/admin/members/loginlog/", {"level1"}),
    "data grants": ("/admin/members/datagrant/", {"level1"}),
    "data views": ("/admin/members/dataview/", {"level1"}),
    "make a data grant in the admin": ("/admin/members/datagrant/create/", set()),
    "sensitive changes": ("/admin/members/profilechangerequest/", {"level1"}),
    "users": ("/admin/users/", {"level1"}),
    "groups": ("/admin/groups/", {"level1"}),
    "edit PBoC channel": ("/admin/pages/{w.channel_a.pk}/edit/", {"dept_a", "level2", "level1"}),
    "edit PBoC article": ("/admin/pages/{w.article_a.pk}/edit/", {"dept_a", "level2", "level1"}),
    "add to PBoC channel": ("/admin/pages/add/policies/newspage/{w.channel_a.pk}/", {"dept_a", "level2", "level1"}),
    "edit NDRC article": ("/admin/pages/{w.article_b.pk}/edit/", {"dept_b", "level2", "level1"}),
    "edit news channel": ("/admin/pages/{w.news_index.pk}/edit/", {"level2", "level1"}),
    "edit a policy": ("/admin/pages/{w.policy.pk}/edit/", {"level1"}),
    "add a policy": ("/admin/pages/add/policies/policypage/{w.policy_index.pk}/", {"level1"}),
    "site history": ("/admin/reports/site-history/", {"level1"}),
    "site history results": ("/admin/reports/site-history/results/", {"level1"}),
    "copy a role": ("/admin/roles/copy/", {"level1"}),
    "assign level-2 channels": ("/admin/roles/level2-channels/", {"level1"}),
    "cancel an enterprise account": ("/admin/member-review/enterprise/{w.enterprise_a.pk}/cancel/", {"level1"}),
}


def user_for(world, role):
    return {
        "ent_a": world.ent_a, "ent_b": world.ent_b, "bank_a": world.bank_a_user, "bank_b": world.bank_b_user,
        "dept_a": world.dept_a_user, "dept_b": world.dept_b_user, "level2": world.level2, "level1": world.level1,
        "supervisor": world.supervisor,
    }.get(role)


def refusal(role, url):
    """Where ``role`` is sent when refused ``url`` (``how`` of tests.refusals.assert_refused)."""
    if role == "anonymous":
        return "login"
    if url.startswith("/member/") or url.startswith("/admin/reports/site-history/"):
        return 403
    return "admin" if role in STAFF else "login"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    user = user_for(world, role)
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, (template, allowed) in MATRIX.items():
        url = template.format(w=world)
        response = client.get(url)
        if role in allowed and response.status_code != 200:
            wrong.append(f"{name} ({url}) should be allowed, got {response.status_code}")
        if role not in allowed:
            try:
                assert_refused(response, refusal(role, url))
            except AssertionError as elsewhere:
                wrong.append(f"{name} ({url}): {elsewhere}")
    assert wrong == []


def test_enterprise_b_cannot_read_or_delete_enterprise_a_message(client, world):
    client.force_login(world.ent_b)
    assert client.get(f"/member/messages/{world.message_a.pk}/").status_code == 403
    assert client.post(f"/member/messages/{world.message_a.pk}/delete/").status_code == 403
    client.post("/member/messages/read/", {"ids": [world.message_a.pk]})
    world.message_a.refresh_from_db()
    assert Message.objects.filter(pk=world.message_a.pk).exists() and not world.message_a.is_read


def test_enterprise_b_cannot_remove_enterprise_a_favourite(client, world):
    favourite = Favourite.objects.create(user=world.ent_a, page=world.policy)
    client.force_login(world.ent_b)
    assert client.post(f"/member/favourites/{favourite.pk}/delete/").status_code == 403
    assert Favourite.objects.filter(pk=favourite.pk).exists()
    assert "一项政策" not in client.get("/member/favourites/").content.decode()


def test_bank_sees_only_its_own_institution(client, world):
    client.force_login(world.bank_a_user)
    page = client.get("/admin/members/financialinstitution/").content.decode()
    assert "甲银行" in page and "乙银行" not in page


def test_bank_b_cannot_change_bank_a(client, world):
    client.force_login(world.bank_b_user)
    response = client.post(f"/admin/members/financialinstitution/edit/{world.bank_a.pk}/", {
        "name": "被篡改", "institution_type": "bank", "fi_code": world.bank_a.fi_code})
    assert_sends_to_admin_home(response)
    world.bank_a.refresh_from_db()
    assert world.bank_a.name == "甲银行"


def test_bank_a_can_change_its_own_contact(client, world):
    client.force_login(world.bank_a_user)
    response = client.post(f"/admin/members/financialinstitution/edit/{world.bank_a.pk}/", {
        "name": "甲银行", "institution_type": "bank", "fi_code": world.bank_a.fi_code, "principal": "新负责人",
        "is_active": "on"})
    assert response.status_code == 302
    world.bank_a.refresh_from_db()
    assert world.bank_a.principal == "新负责人"


def test_only_certifiers_can_certify(client, world):
    for user in (world.bank_a_user, world.dept_a_user, world.level2, world.supervisor):
        client.force_login(user)
        assert_sends_to_admin_home(client.post(f"/admin/member-review/enterprise/{world.enterprise_b.pk}/certify/"))
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_b.status == CertificationStatus.PENDING


def test_department_b_cannot_edit_department_a_channel(client, world):
    client.force_login(world.dept_b_user)
    response = client.post(f"/admin/pages/{world.article_a.pk}/edit/", {"title": "被篡改", "slug": "x"})
    assert_sends_to_admin_home(response)
    world.article_a.refresh_from_db()
    assert world.article_a.title == "人民银行新闻"


def test_level2_admin_cannot_edit_outside_its_channels(client, world):
    client.force_login(world.level2)
    response = client.post(f"/admin/pages/{world.policy.pk}/edit/", {"title": "被篡改", "slug": "x"})
    assert_sends_to_admin_home(response)
    world.policy.refresh_from_db()
    assert world.policy.title == "一项政策"


def test_level2_channels_are_listed(world):
    from members.roles import level2_channels

    assert list(level2_channels(world.level2)) == [world.news_index.page_ptr]


def test_only_pboc_supervisors_may_read_all_applications(world):
    assert world.supervisor.has_perm("members.supervise_applications")
    assert world.level1.has_perm("members.supervise_applications")
    for user in (world.bank_a_user, world.dept_a_user, world.ent_a, world.level2):
        assert not user.has_perm("members.supervise_applications")


def test_accounts_know_their_organisation(world):
    assert world.bank_a_user.institution == world.bank_a
    assert world.bank_b_user.institution == world.bank_b
    assert world.dept_a_user.department == world.dept_a
    assert world.ent_a.institution is None and world.ent_a.department is None


def test_bank_staff_cannot_read_other_institutions_history(client, world):
    """Wagtail's site history filters by model permission; bank staff may change their own
    institution, so without the guard they would read every institution's change log."""
    from wagtail.log_actions import log

    log(world.bank_a, "wagtail.edit", user=world.level1)
    client.force_login(world.bank_b_user)
    assert client.get("/admin/reports/site-history/").status_code == 403
    assert "site-history" not in client.get("/admin/").content.decode()
    client.force_login(world.level1)
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200 and world.bank_a.name in history.content.decode()
    assert "site-history" in client.get("/admin/").content.decode()
