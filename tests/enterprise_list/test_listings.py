"""Filters, sorting, export and query counts of the enterprise and project listings (F-LIST-2, F-LIST-4)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories.lists import EnterpriseListRowFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


def table_rows(response):
    """The listing table's body rows as lists of cell texts."""
    html = response.content.decode()
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", td).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append(cells)
    return [row for row in rows if not (len(row) == 1 and "暂无" in row[0])]


def as_shown(value):
    """An exported cell written the way the page shows it (dates 2026-04-27, amounts 200.00)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        return f"{Decimal(str(value)):.2f}"
    return str(value)


def export_rows(response):
    rows = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    return [[as_shown(cell) for cell in row] for row in rows][1:]


def names(rows):
    return [row[0] for row in rows]


def test_rows_filter_by_industry_section_region_amount_and_list(client, portal):
    client.force_login(portal.bank_user)
    assert names(table_rows(client.get("/lists/"))) == [
        "海峡精密机械有限公司", "青禾农业科技有限公司", "汇智新能源科技有限公司"]
    # 制造业 (section C) covers the division 34 row and the row filed under C itself
    assert names(table_rows(client.get("/lists/", {"industry": "C"}))) == [
        "海峡精密机械有限公司", "汇智新能源科技有限公司"]
    assert names(table_rows(client.get("/lists/", {"region": portal.east.pk}))) == [
        "青禾农业科技有限公司", "汇智新能源科技有限公司"]
    in_range = {"min_amount": "100", "max_amount": "1000"}
    assert names(table_rows(client.get("/lists/", in_range))) == ["海峡精密机械有限公司"]
    assert names(table_rows(client.get("/lists/", {"list": portal.key.pk}))) == ["汇智新能源科技有限公司"]
    assert names(table_rows(client.get("/lists/", {"min_amount": "abc", "region": "x"}))) == names(
        table_rows(client.get("/lists/")))


def test_unpublished_list_rows_are_not_listed(client, portal):
    portal.key.unpublish()
    client.force_login(portal.bank_user)
    assert "汇智新能源科技有限公司" not in names(table_rows(client.get("/lists/")))


@pytest.mark.parametrize("who", [None, "bank_user"])
def test_row_export_equals_the_filtered_listing(who, client, portal):
    if who:
        client.force_login(getattr(portal, who))
    params = {"industry": "C"}
    shown = table_rows(client.get("/lists/", params))
    exported = export_rows(client.get("/lists/", {**params, "format": "xlsx"}))
    assert len(shown) == 2
    assert exported == shown


def test_project_listing_shows_the_seed_table_columns(client, portal):
    response = client.get("/projects/")
    html = response.content.decode()
    for header in ("标题", "金额（万元）", "内容", "日期", "来源", "备注"):
        assert f">{header}<" in html
    assert table_rows(response)[0][0] == "R2146(企业项目)"  # newest first


def test_project_filters(client, portal):
    def codes(params):
        return [row[0].split("(")[0] for row in table_rows(client.get("/projects/", params))]

    assert codes({"type": "government"}) == ["R2144"]
    assert codes({"department": portal.miit.pk}) == ["R2146"]
    assert codes({"year": "2025"}) == ["R2142"]
    assert codes({"min_amount": "100", "max_amount": "500"}) == ["R2142"]
    assert codes({"type": "nonsense", "department": "x"}) == codes({})
    assert codes({}) and client.get("/projects/ndrc/").status_code == 200
    assert sorted(codes({})) == ["R2142", "R2144", "R2146"]


def test_project_sorting(client, portal):
    def codes(sort):
        return [row[0].split("(")[0] for row in table_rows(client.get("/projects/", {"sort": sort}))]

    assert codes("-amount") == ["R2144", "R2142", "R2146"]
    assert codes("amount") == ["R2146", "R2142", "R2144"]
    assert codes("date") == ["R2142", "R2144", "R2146"]
    assert codes("code") == ["R2142", "R2144", "R2146"]
    assert codes("-code") == ["R2146", "R2144", "R2142"]


def test_pinned_project_comes_first_by_default(client, portal):
    portal.p_fund.is_pinned = True
    portal.p_fund.save_revision().publish()
    assert table_rows(client.get("/projects/"))[0][0].startswith("R2142")


def test_project_export_equals_the_filtered_sorted_listing(client, portal):
    params = {"department": portal.ndrc.pk, "sort": "-amount"}
    shown = table_rows(client.get("/projects/", params))
    exported = export_rows(client.get("/projects/", {**params, "format": "xlsx"}))
    assert [row[0] for row in shown] == ["R2144(政府项目)", "R2142(融资基金需求)"]
    assert shown[0][2] == "10000.00" and shown[0][4] == "2026-06-03"
    assert exported == shown


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_listing_queries_do_not_grow_with_the_number_of_rows(client, portal):
    client.force_login(portal.bank_user)
    client.get("/lists/")
    client.get("/projects/")
    before = (count_queries(client, "/lists/"), count_queries(client, "/projects/"))
    for n in range(15):
        EnterpriseListRowFactory(page=portal.growth, industry=portal.machinery, region=portal.east)
        ProjectPageFactory(parent=portal.miit_projects, code=f"R{4000 + n}")
    client.get("/lists/")  # publishing started a new content version: the first rendering refills its caches
    client.get("/projects/")
    after = (count_queries(client, "/lists/"), count_queries(client, "/projects/"))
    assert after == before
    assert len(table_rows(client.get("/lists/"))) == 18


def search_hits(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return [re.sub(r"<[^>]+>", "", title) for title in
            re.findall(r'class="search-hit__title"><a href="[^"]*">(.*?)</a>', html, re.S)]


def test_projects_are_found_by_the_portal_search(client, portal):
    assert "智能制造产业园二期" in search_hits(client, "智能制造产业园")


def test_list_contacts_cannot_be_found_through_search(client, portal):
    portal.growth.save_revision().publish()  # (re)index the list with its rows
    assert search_hits(client, "海峡精密机械") == ["2026年度成长型企业名录"]  # enterprise names are searchable
    assert search_hits(client, "陈立群") == []
    assert search_hits(client, "13805910001") == []
