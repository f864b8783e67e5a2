"""Role screens for level-1 admins: copy a role with its three kinds of permission (F-ROLE-7) and assign a
level-2 admin's channels; what a level-2 admin may then do follows from the assignment."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from members import roles
from tests.refusals import assert_refused, assert_sends_to_admin_home

pytestmark = pytest.mark.django_db


def channel_ids(user):
    return set(roles.level2_channels(user).values_list("pk", flat=True))


def rights(group):
    return (set(group.permissions.values_list("codename", flat=True)),
            set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")),
            set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id",
                                                                                  "permission__codename")))


def test_level1_copies_a_role_with_model_page_and_collection_permissions(client, world):
    source = world.dept_a.authors
    assert all(rights(source)[1:])  # the department's author group has page and collection rights
    client.force_login(world.level1)
    assert "复制角色" in client.get(f"/admin/roles/copy/?from={source.pk}").content.decode()
    response = client.post("/admin/roles/copy/", {"source": source.pk, "name": "人民银行·编辑（副本）"})
    copy = Group.objects.get(name="人民银行·编辑（副本）")
    assert response["Location"] == f"/admin/groups/edit/{copy.pk}/"
    assert rights(copy) == rights(source)
    assert not copy.user_set.exists()
    assert rights(source) == rights(Group.objects.get(pk=source.pk))  # the original is untouched


def test_copy_refuses_an_existing_name_and_keeps_the_input(client, world):
    client.force_login(world.level1)
    body = client.post("/admin/roles/copy/", {"source": world.dept_a.authors.pk,
                                              "name": world.dept_b.authors.name}).content.decode()
    assert "已有同名角色" in body and Group.objects.filter(name=world.dept_b.authors.name).count() == 1


@pytest.mark.parametrize(("who", "refusal"), [("level2", "admin"), ("bank_a_user", "admin"), ("supervisor", "admin"),
                                              ("ent_a", "login")])
def test_only_level1_copies_roles_or_assigns_channels(client, world, who, refusal):
    client.force_login(getattr(world, who))
    before = Group.objects.count()
    response = client.post("/admin/roles/copy/", {"source": world.dept_a.authors.pk, "name": "偷偷复制"})
    assert_refused(response, refusal)
    assert Group.objects.count() == before
    response = client.post("/admin/roles/level2-channels/", {"user": world.level2.pk, "page": world.policy_index.pk})
    assert_refused(response, refusal)
    assert world.policy_index.pk not in channel_ids(world.level2)
    channel = roles.level2_channels(world.level2).first()
    response = client.post(f"/admin/roles/level2-channels/{world.level2.pk}/{channel.pk}/revoke/")
    assert_refused(response, refusal)
    assert channel in roles.level2_channels(world.level2)


def test_level1_assigns_a_channel_and_the_level2_admin_can_then_edit_it(client, world):
    client.force_login(world.level2)
    assert_sends_to_admin_home(client.get(f"/admin/pages/{world.policy.pk}/edit/"))
    client.force_login(world.level1)
    page = client.get("/admin/roles/level2-channels/").content.decode()
    assert world.level2.username in page and world.news_index.title in page
    response = client.post("/admin/roles/level2-channels/", {"user": world.level2.pk, "page": world.policy_index.pk})
    assert response.status_code == 302
    assert world.policy_index.pk in channel_ids(world.level2)
    client.force_login(world.level2)
    assert client.get(f"/admin/pages/{world.policy.pk}/edit/").status_code == 200

    client.force_login(world.level1)
    response = client.post(f"/admin/roles/level2-channels/{world.level2.pk}/{world.policy_index.pk}/revoke/")
    assert response.status_code == 302
    assert world.policy_index.pk not in channel_ids(world.level2)
    client.force_login(world.level2)
    assert_sends_to_admin_home(client.get(f"/admin/pages/{world.policy.pk}/edit/"))


def test_only_level2_admins_can_be_assigned_channels(client, world):
    client.force_login(world.level1)
    body = client.post("/admin/roles/level2-channels/", {"user": world.bank_a_user.pk,
                                                         "page": world.policy_index.pk}).content.decode()
    assert "选择一个有效的选项" in body or "Select a valid choice" in body
    assert not world.bank_a_user.groups.filter(name__startswith=f"{roles.LEVEL2}·").exists()
