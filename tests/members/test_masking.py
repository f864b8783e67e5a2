import pytest
from django.template import Context, Template
from django.test import RequestFactory

from members.masking import can_see_full_contact, mask_code, mask_phone
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("0591-87650000", "059****0000"),
    ("12345", "***45"),
    ("", ""),
    (None, ""),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("91350100M000100Y43", "9135**********0Y43"),
    ("C1010211000013", "C101******0013"),
    ("1234", "****"),
])
def test_mask_code(value, masked):
    assert mask_code(value) == masked


def test_template_filters_mask_unless_the_viewer_is_entitled():
    template = Template("{% load members_tags %}{{ phone|masked_phone:entitled }} {{ code|masked_code:entitled }}")
    data = {"phone": "13812345678", "code": "91350100M000100Y43"}
    assert template.render(Context({**data, "entitled": False})) == "138****5678 9135**********0Y43"
    assert template.render(Context({**data, "entitled": True})) == "13812345678 91350100M000100Y43"


@pytest.mark.django_db
def test_who_is_entitled_to_full_contact_details(world):
    assert can_see_full_contact(world.ent_a, world.enterprise_a)
    assert not can_see_full_contact(world.ent_b, world.enterprise_a)
    assert not can_see_full_contact(world.bank_a_user, world.enterprise_a)
    assert can_see_full_contact(world.level1, world.enterprise_a)
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert not can_see_full_contact(request.user, world.enterprise_a)


@pytest.mark.django_db
def test_admin_enterprise_list_masks_phone_and_code(client, platform_groups):
    enterprise = EnterpriseFactory(contact_phone="13912345678")
    admin = UserFactory(groups=[platform_groups["平台一级管理员"]])
    client.force_login(admin)
    html = client.get("/admin/members/enterprise/").content.decode()
    assert enterprise.name in html
    assert "139****5678" in html
    assert "13912345678" not in html
    assert enterprise.credit_code not in html
