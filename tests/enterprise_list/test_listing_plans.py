"""资本市场培育板 (F-LIST-5): an enterprise keeps its own pre-IPO record; platform staff and the financial
departments list, count and export them in the admin; nobody else gets in."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.channels import grant_admin_access
from enterprise_list.exports import read_workbook_table
from enterprise_list.models import ListingBoard, ListingPlan, ListingStage
from members import roles
from members.models import AccountCategory, DepartmentType
from tests.factories.members import DepartmentFactory, EnterpriseFactory
from tests.factories.users import UserFactory
from tests.refusals import assert_refused

FORM_URL = "/member/listing-plan/"
ADMIN_URL = "/admin/list-import/listing-plans/"
EXPORT_URL = "/admin/list-import/listing-plans/export.xlsx"

pytestmark = pytest.mark.django_db


def _answers(**overrides):
    data = {"target_board": ListingBoard.STAR, "stage": ListingStage.TUTORING, "planned_year": "2028",
            "revenue_wan": "3200.50", "profit_wan": "-35", "intermediaries": "某证券股份有限公司",
            "contact_person": "陈立群", "contact_phone": "13805910001"}
    return {**data, **overrides}


def _plan(enterprise, board=ListingBoard.STAR, stage=ListingStage.TUTORING, year=2028):
    return ListingPlan.objects.create(enterprise=enterprise, target_board=board, stage=stage, planned_year=year,
                                      last_year_revenue=Decimal("32000000"), contact_person="甲",
                                      contact_phone="13800000000")


def _department_user(dept_type, username):
    department = DepartmentFactory(name=f"{username}部门", dept_type=dept_type)
    group = Group.objects.create(name=f"{department.name}·编辑")
    grant_admin_access(group)
    department.authors = group
    department.save()
    return UserFactory(username=username, category=AccountCategory.PLATFORM, groups=[group])


def test_certified_enterprise_reports_and_updates_its_one_record_in_wan(client):
    enterprise = EnterpriseFactory(certified=True)
    client.force_login(enterprise.account)
    assert client.get(FORM_URL).status_code == 200
    response = client.post(FORM_URL, _answers())
    assert response.status_code == 302
    plan = ListingPlan.objects.get(enterprise=enterprise)
    assert plan.last_year_revenue == Decimal("32005000.00") and plan.last_year_profit == Decimal("-350000.00")
    client.post(FORM_URL, _answers(stage=ListingStage.FILED, revenue_wan="4000"))
    assert ListingPlan.objects.filter(enterprise=enterprise).count() == 1
    plan.refresh_from_db()
    assert plan.stage == ListingStage.FILED and plan.last_year_revenue == Decimal("40000000.00")
    page = client.get(FORM_URL).content.decode()
    assert 'value="4000' in page  # shown back in 万元


def test_bad_input_is_refused_in_chinese_and_keeps_what_was_typed(client):
    enterprise = EnterpriseFactory(certified=True)
    client.force_login(enterprise.account)
    response = client.post(FORM_URL, _answers(planned_year="1900", intermediaries="甲证券"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写" in body and "甲证券" in body
    assert not ListingPlan.objects.exists()


def test_an_enterprise_cannot_touch_another_enterprises_record(client):
    """IDOR: the form has no id; posting another enterprise's id changes nothing of theirs."""
    victim = EnterpriseFactory(certified=True)
    victim_plan = _plan(victim)
    attacker = EnterpriseFactory(certified=True)
    client.force_login(attacker.account)
    assert victim.name not in client.get(FORM_URL).content.decode()
    client.post(FORM_URL, {**_answers(stage=ListingStage.LISTED), "enterprise": victim.pk, "id": victim_plan.pk})
    victim_plan.refresh_from_db()
    assert victim_plan.stage == ListingStage.TUTORING
    assert ListingPlan.objects.get(enterprise=attacker).stage == ListingStage.LISTED


def test_uncertified_enterprises_and_other_accounts_cannot_report(client):
    client.force_login(EnterpriseFactory().account)
    assert client.post(FORM_URL, _answers()).status_code == 302
    client.force_login(UserFactory(username="bank_person", category=AccountCategory.INSTITUTION))
    client.post(FORM_URL, _answers())
    assert not ListingPlan.objects.exists()


def test_staff_and_financial_departments_see_statistics_and_filtered_list(client, superuser):
    roles.ensure_platform_groups()
    a, b, c = (EnterpriseFactory(certified=True, name=n) for n in ("甲科技", "乙农业", "丙制造"))
    _plan(a)
    _plan(b, board=ListingBoard.NEEQ, stage=ListingStage.FILED, year=2027)
    _plan(c, board=ListingBoard.STAR, stage=ListingStage.REVIEW)
    finance_office = _department_user(DepartmentType.FINANCE_OFFICE, "jrb")
    level1 = UserFactory(username="l1", groups=[Group.objects.get(name=roles.LEVEL1)])
    for user in (superuser, level1, finance_office):
        client.force_login(user)
        response = client.get(ADMIN_URL, {"board": ListingBoard.STAR})
        assert response.status_code == 200, user
        stats = response.context["stats"]
        star = next(cells for label, cells, _total in stats["rows"] if label == "科创板")
        assert sum(star) == 2 and stats["total"] == 2
        names = [plan.enterprise.name for plan in response.context["page_obj"]]
        assert sorted(names) == ["丙制造", "甲科技"]


def test_export_matches_the_filtered_listing_in_wan(client, superuser):
    _plan(EnterpriseFactory(certified=True, name="甲科技"))
    _plan(EnterpriseFactory(certified=True, name="乙农业"), board=ListingBoard.NEEQ, stage=ListingStage.FILED)
    client.force_login(superuser)
    response = client.get(EXPORT_URL, {"stage": ListingStage.FILED})
    table = read_workbook_table(response.content)
    assert table[0][:3] == ["企业名称", "统一社会信用代码", "所属行业"]
    assert len(table) == 2 and table[1][0] == "乙农业"
    assert table[1][4:8] == ["新三板", "申报", 2028, 3200]


@pytest.mark.parametrize(("kind", "refusal"), [("enterprise", "login"), ("bank", "admin"), ("miit", "admin"),
                                               ("nobody", "login")])
def test_other_roles_are_forbidden_in_the_admin(client, kind, refusal):
    """Back-office users of another kind go to the dashboard; accounts without the back office to login."""
    _plan(EnterpriseFactory(certified=True))
    if kind == "enterprise":
        user = EnterpriseFactory(certified=True).account
    elif kind == "miit":
        user = _department_user(DepartmentType.MIIT, "jxw")
    else:
        group = Group.objects.create(name="甲银行·机构用户")
        grant_admin_access(group)
        user = UserFactory(username=kind, groups=[group] if kind == "bank" else [])
    client.force_login(user)
    for url in (ADMIN_URL, EXPORT_URL):
        response = client.get(url)
        assert_refused(response, refusal)
        assert not response.get("Content-Type", "").startswith("application/vnd")
    if kind == "miit":  # an admin user of another department: no menu item either
        assert reverse("enterprise_list_admin:listing_plans") not in client.get("/admin/").content.decode()
