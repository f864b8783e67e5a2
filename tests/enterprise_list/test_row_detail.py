"""F-LIST-2 / F-ROLE-5: one page per listed enterprise, with contacts, for institution users and platform staff;
and the page editor refuses the same enterprise twice in one list."""

import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from enterprise_list.models import EnterpriseListRow
from tests.factories.lists import EnterpriseListRowFactory

pytestmark = pytest.mark.django_db


def detail_url(portal, row=None):
    row = row or portal.row_machine
    return row.page.row_url(row)


def test_detail_url_lives_under_its_list(portal):
    assert detail_url(portal) == f"/lists/miit/growth/enterprise/{portal.row_machine.pk}/"


@pytest.mark.parametrize("who", ["bank_user", "level1", "level2"])
def test_institution_users_and_platform_staff_open_the_detail_with_contacts(who, client, portal):
    client.force_login(getattr(portal, who))
    response = client.get(detail_url(portal))
    html = response.content.decode()
    assert response.status_code == 200
    assert "海峡精密机械有限公司" in html and portal.row_machine.credit_code in html
    assert "陈立群" in html and "13805910001" in html
    assert "500.00 万元" in html and "高新区街道" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["enterprise_user", "nobody", "closed_bank_user", "ndrc_author", "miit_author"])
def test_other_accounts_get_403_without_contacts(who, client, portal):
    client.force_login(getattr(portal, who))
    response = client.get(detail_url(portal))
    assert response.status_code == 403
    assert "13805910001" not in response.content.decode()


def test_visitor_is_sent_to_log_in_and_never_sees_contacts(client, portal):
    response = client.get(detail_url(portal))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/lists/miit/growth/enterprise/")
    assert "13805910001" not in client.get(detail_url(portal), follow=True).content.decode()


def test_row_of_another_list_or_unknown_row_is_404(client, portal):
    client.force_login(portal.bank_user)
    assert client.get(f"/lists/miit/key/enterprise/{portal.row_machine.pk}/").status_code == 404
    assert client.get("/lists/miit/growth/enterprise/999999/").status_code == 404


def test_rows_of_an_unpublished_list_have_no_detail(client, portal):
    portal.growth.unpublish()
    client.force_login(portal.level1)
    assert client.get(detail_url(portal)).status_code == 404


def test_list_and_index_link_each_enterprise_to_its_detail_for_banks_only(client, portal):
    link = f'href="{detail_url(portal)}"'
    assert link not in client.get("/lists/miit/growth/").content.decode()
    client.force_login(portal.enterprise_user)
    assert link not in client.get("/lists/").content.decode()
    client.force_login(portal.bank_user)
    for url in ("/lists/miit/growth/", "/lists/"):
        html = client.get(url).content.decode()
        assert re.search(rf'<a {link}>海峡精密机械有限公司</a>', html)
    assert client.get(detail_url(portal)).status_code == 200


def test_detail_shows_the_other_lists_naming_the_same_enterprise(client, portal):
    twin = EnterpriseListRowFactory(page=portal.key, enterprise_name="海峡精密机械有限公司",
                                    credit_code=portal.row_machine.credit_code)
    client.force_login(portal.bank_user)
    html = client.get(detail_url(portal)).content.decode()
    assert "该企业也在以下名录中" in html and f'href="{detail_url(portal, twin)}"' in html


def test_export_still_exports_the_list_not_the_detail(client, portal):
    client.force_login(portal.bank_user)
    response = client.get(detail_url(portal), {"format": "xlsx"})
    assert response["Content-Type"].startswith("text/html")


# ---------------------------------------------------------------- duplicate USCC in the page editor


def row_data(name, code, order, row=None):
    return {"id": str(row.pk) if row else "", "enterprise_name": name, "credit_code": code, "industry": "",
            "region": "", "funding_need": "", "project_summary": "", "contact_person": "", "contact_phone": "",
            "ORDER": str(order)}


def existing_rows(portal):
    return [row_data("海峡精密机械有限公司", portal.row_machine.credit_code, 1, portal.row_machine),
            row_data("青禾农业科技有限公司", portal.row_farm.credit_code, 2, portal.row_farm)]


def edit_form(rows):
    return nested_form_data({
        "title": "2026年度成长型企业名录", "slug": "growth", "list_type": "growth", "year": "2026",
        "date": "2026-03-01", "intro": rich_text(""), "rows": inline_formset(rows), "action-submit": "action-submit",
    })


def test_editor_refuses_the_same_enterprise_twice_naming_both_rows(client, portal):
    client.force_login(portal.miit_author)
    code = portal.row_machine.credit_code
    revisions = portal.growth.revisions.count()
    rows = [*existing_rows(portal), row_data("海峡精密机械（重复）", code.lower(), 3)]
    response = client.post(f"/admin/pages/{portal.growth.pk}/edit/", edit_form(rows))
    html = response.content.decode()
    assert response.status_code == 200
    both = "第1家（海峡精密机械有限公司）、第3家（海峡精密机械（重复））"
    assert f"统一社会信用代码 {code} 在本名录中重复：{both}" in html
    assert "与本名录中其他企业的统一社会信用代码重复" in html
    assert "海峡精密机械（重复）" in html  # what was typed is kept
    assert portal.growth.revisions.count() == revisions  # nothing saved
    assert EnterpriseListRow.objects.filter(page=portal.growth).count() == 2


def test_editor_accepts_a_duplicate_once_the_second_row_is_deleted(client, portal):
    client.force_login(portal.miit_author)
    code = portal.row_machine.credit_code
    duplicate = row_data("海峡精密机械（重复）", code, 3) | {"DELETE": "1"}
    response = client.post(f"/admin/pages/{portal.growth.pk}/edit/", edit_form([*existing_rows(portal), duplicate]))
    assert response.status_code == 302
    draft = portal.growth.get_latest_revision_as_object()
    assert [row.enterprise_name for row in draft.rows.all()] == ["海峡精密机械有限公司", "青禾农业科技有限公司"]
