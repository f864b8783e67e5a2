"""F-REG-16: 园区, 研发人员数 and yearly 净利润 / 资产负债率 on the enterprise profile."""

from decimal import Decimal

import pytest

from members.models import EnterpriseFinancials, Park
from tests.factories.members import EnterpriseFactory
from tests.refusals import assert_sends_to_admin_home, assert_sends_to_login

pytestmark = pytest.mark.django_db


def _profile_data(enterprise, years, **extra):
    data = {"contact_person": enterprise.contact_person, "contact_phone": enterprise.contact_phone,
            "email": enterprise.email, "headcount": "120",
            f"revenue_{years[0]}": "5000000", f"profit_{years[0]}": "400000"}
    data.update(extra)
    return data


@pytest.fixture
def logged_in(client):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise.account)
    years = client.get("/member/profile/").context["form"].years
    return enterprise, years


def test_profile_saves_park_rd_staff_net_profit_and_debt_ratio(client, logged_in):
    enterprise, years = logged_in
    park = Park.objects.create(name="高新技术产业园")
    response = client.post("/member/profile/", _profile_data(
        enterprise, years, park=park.pk, rd_staff="18", **{
            f"net_profit_{years[0]}": "300000.50", f"debt_ratio_{years[0]}": "45.55",
            f"debt_ratio_{years[1]}": "100"}))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.park == park and enterprise.rd_staff == 18
    latest = enterprise.financials.get(year=years[0])
    assert latest.net_profit == Decimal("300000.50") and latest.debt_ratio == Decimal("45.55")
    # a year with only a ratio is still kept; a year left blank has no row
    assert enterprise.financials.get(year=years[1]).debt_ratio == Decimal("100")
    assert not enterprise.financials.filter(year=years[2]).exists()
    page = client.get("/member/profile/").content.decode()
    assert "高新技术产业园" in page and "45.55" in page and "300000.50" in page


@pytest.mark.parametrize("ratio, error", [
    ("100.01", "资产负债率不能大于100。"),
    ("-0.5", "资产负债率不能小于0。"),
    ("45.555", "资产负债率最多保留两位小数。"),
    ("四十", "资产负债率请填写数字"),
])
def test_debt_ratio_out_of_bounds_is_refused_in_chinese_and_typed_values_kept(client, logged_in, ratio, error):
    enterprise, years = logged_in
    response = client.post("/member/profile/", _profile_data(
        enterprise, years, rd_staff="7", **{f"debt_ratio_{years[0]}": ratio, f"net_profit_{years[0]}": "123456"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f'value="{ratio}"' in page and 'value="123456"' in page and 'value="7"' in page
    enterprise.refresh_from_db()
    assert enterprise.rd_staff is None and not EnterpriseFinancials.objects.filter(enterprise=enterprise).exists()


def test_model_validates_debt_ratio_bounds(db):
    from django.core.exceptions import ValidationError

    row = EnterpriseFinancials(enterprise=EnterpriseFactory(), year=2025, debt_ratio=Decimal("100.50"))
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert "资产负债率不能大于100。" in raised.value.message_dict["debt_ratio"]


def test_negative_rd_staff_is_refused(client, logged_in):
    enterprise, years = logged_in
    response = client.post("/member/profile/", _profile_data(enterprise, years, rd_staff="-3"))
    assert response.status_code == 200 and response.context["form"].errors["rd_staff"]
    enterprise.refresh_from_db()
    assert enterprise.rd_staff is None


def test_park_list_is_managed_by_platform_admins_only(client, world):
    Park.objects.create(name="临港经济开发区")
    for user, refused_to in ((world.bank_a_user, assert_sends_to_admin_home),
                             (world.dept_a_user, assert_sends_to_admin_home), (world.ent_a, assert_sends_to_login)):
        client.force_login(user)
        refused_to(client.get("/admin/members/park/"))
        refused_to(client.post("/admin/members/park/create/", {"name": "冒充的园区", "sort_order": 0}))
    assert not Park.objects.filter(name="冒充的园区").exists()

    client.force_login(world.level1)
    assert "临港经济开发区" in client.get("/admin/members/park/").content.decode()
    response = client.post("/admin/members/park/create/", {"name": "城北商贸物流园", "sort_order": 3})
    assert response.status_code == 302 and Park.objects.filter(name="城北商贸物流园").exists()


def test_admin_enterprise_view_and_edit_show_the_new_attributes(client, world):
    park = Park.objects.create(name="东湖现代农业产业园")
    enterprise = world.enterprise_a
    enterprise.park, enterprise.rd_staff = park, 6
    enterprise.save()
    EnterpriseFinancials.objects.create(enterprise=enterprise, year=2025, revenue=Decimal("1000000"),
                                        net_profit=Decimal("80000"), debt_ratio=Decimal("52.30"))
    client.force_login(world.level1)
    inspect = client.get(f"/admin/members/enterprise/inspect/{enterprise.pk}/").content.decode()
    assert "东湖现代农业产业园" in inspect and "研发人员数" in inspect
    assert "2025年经营数据" in inspect and "52.30" in inspect and "80000" in inspect
    edit = client.get(f"/admin/members/enterprise/edit/{enterprise.pk}/").content.decode()
    assert 'name="park"' in edit and 'name="rd_staff"' in edit


def test_demo_seeds_parks_and_attributes_idempotently(db):
    from demo import members as demo

    demo.seed_parks()
    demo.seed_parks()
    assert list(Park.objects.values_list("name", flat=True)) == demo.PARKS
    enterprise = EnterpriseFactory(name="市海峡精密机械有限公司")
    EnterpriseFinancials.objects.create(enterprise=enterprise, year=2025, profit=Decimal("100000"))
    demo.seed_enterprise_attributes()
    demo.seed_enterprise_attributes()
    enterprise.refresh_from_db()
    assert enterprise.park.name == "高新技术产业园" and enterprise.rd_staff == 18
    row = enterprise.financials.get()
    assert row.net_profit == Decimal("75000.00") and 0 <= row.debt_ratio <= 100
