"""The 用户统计 admin page: who may see it (each refused role from the forbidden side), the figures on the page,
the Excel files (the whole page and 下载企业分析数据), and a query count that does not grow with the enterprises."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.channels import setup_department_channel
from members import roles
from members.models import AccountCategory
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory
from tests.refusals import assert_sends_to_login
from tests.reports.conftest import make
from tests.reports.user_data import at, build, registered

PAGE = "/admin/statistics/users/"
MARCH = "period=month&year=2026&month=3"


@pytest.fixture
def users(market):
    m = build(market)
    m.level2 = UserFactory(
        username="news_admin", category=AccountCategory.PLATFORM, groups=[Group.objects.get(name=roles.LEVEL2)]
    )
    channel = setup_department_channel("发改委", m.index)
    m.department_author = UserFactory(
        username="ndrc_author", category=AccountCategory.DEPARTMENT, groups=[channel.authors]
    )
    return m


def cells(response, table):
    """{column key: [cell text per row]} of one table on the page."""
    html = response.content.decode()
    start = html.index(f'id="table-{table}"')
    section = html[start : html.index("</section>", start)]
    found = {}
    for key, text in re.findall(r'data-column="([^"]+)">(?:<a href="[^"]*">)?([^<]*)<', section):
        found.setdefault(key, []).append(text)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["level1", "level2", "supervisor"])
def test_platform_admins_of_both_levels_and_supervisors_see_the_page(client, users, who):
    client.force_login(getattr(users, who))
    response = client.get(f"{PAGE}?{MARCH}")
    assert response.status_code == 200
    summary = cells(response, "summary")
    assert summary["name"] == ["2026年3月", "截至2026-03-31累计"]
    assert summary["registered"] == ["3", "7"] and summary["certified"] == ["2", "5"]
    assert summary["applying"] == ["5", "5"] and summary["approved"] == ["3", "4"]
    menu = client.get("/admin/").content.decode()
    assert PAGE in menu  # 统计报表 › 用户统计 in the admin menu


@pytest.mark.django_db
def test_application_count_shares_and_park_table_on_the_page(client, users):
    client.force_login(users.level1)
    response = client.get(f"{PAGE}?{MARCH}")
    counts = cells(response, "application_counts")
    assert counts["name"] == ["1次", "2次", "3次", "3次以上"]
    assert counts["enterprises"] == ["2", "1", "1", "1"]
    assert counts["share"] == ["40.0%", "20.0%", "20.0%", "20.0%"]
    parks = cells(response, "parks")
    assert parks["name"][:3] == ["高新园", "临港园", "空园区"] and parks["registered"][:3] == ["2", "1", "0"]
    html = response.content.decode()
    assert 'id="chart-application_counts"' in html and 'id="chart-trend"' in html  # the charts' data
    assert "每日注册、认证与申请" in html
    assert "每月注册、认证与申请" in client.get(f"{PAGE}?period=quarter&year=2026&quarter=1").content.decode()


@pytest.mark.django_db
def test_people_without_the_role_are_refused_like_on_the_application_report(client, users):
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page
    # The same answer /admin/statistics/applications/ gives people who may not see it at all: the view's
    # PermissionDenied becomes Wagtail's permission-denied redirect to the dashboard.
    for user in (users.department_author, UserFactory(username="nobody", is_staff=False)):
        client.force_login(user)
        assert client.get(f"{PAGE}?{MARCH}").status_code == client.get("/admin/statistics/applications/").status_code
    client.force_login(users.department_author)
    refused = client.get(f"{PAGE}?{MARCH}")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "高新园" not in client.get("/admin/").content.decode()
    assert PAGE not in client.get("/admin/").content.decode()  # nor in its menu


@pytest.mark.django_db
def test_institution_staff_are_refused_and_do_not_see_the_menu_item(client, users):
    client.force_login(users.staff_a)
    assert client.get("/admin/statistics/applications/").status_code == 200  # their own institution's report
    for url in (f"{PAGE}?{MARCH}", f"{PAGE}?{MARCH}&format=xlsx", f"{PAGE}?{MARCH}&table=parks&format=xlsx"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert not response.get("Content-Type", "").startswith("application/vnd.openxmlformats")
    assert PAGE not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_enterprises_are_refused(client, users):
    client.force_login(users.e.a.account)
    for url in (f"{PAGE}?{MARCH}", f"{PAGE}?{MARCH}&format=xlsx"):
        response = client.get(url)
        assert_sends_to_login(response)  # no back office for an enterprise, as for the other reports
        assert_sends_to_login(client.get("/admin/statistics/applications/"))
        assert "高新园" not in response.content.decode()
        assert not response.get("Content-Type", "").startswith("application/vnd.openxmlformats")


def sheet_rows(sheet):
    header = [cell.value for cell in sheet[2]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]


@pytest.mark.django_db
def test_excel_export_holds_the_pages_numbers(client, users):
    client.force_login(users.supervisor)
    response = client.get(f"{PAGE}?{MARCH}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "用户汇总",
        "进件次数分布",
        "每日注册、认证与申请",
        "注册来源",
        "按园区新注册企业",
        "按镇街新注册企业",
        "按行业新注册企业",
    ]
    summary = book["用户汇总"]
    assert (summary["A1"].value, summary["B1"].value) == ("用户统计", "2026年3月")
    assert sheet_rows(summary) == [
        {"统计范围": "2026年3月", "注册用户": 3, "认证企业": 2, "申请企业": 5, "获批企业": 3},
        {"统计范围": "截至2026-03-31累计", "注册用户": 7, "认证企业": 5, "申请企业": 5, "获批企业": 4},
    ]
    counts = sheet_rows(book["进件次数分布"])
    assert [(r["进件次数"], r["企业数"], r["占比"]) for r in counts] == [
        ("1次", 2, 0.4),
        ("2次", 1, 0.2),
        ("3次", 1, 0.2),
        ("3次以上", 1, 0.2),
    ]
    assert book["进件次数分布"]["C3"].number_format == "0.0%"
    trend = sheet_rows(book["每日注册、认证与申请"])
    assert len(trend) == 31 and trend[0] == {
        "日期": "03-01",
        "注册用户": 1,
        "认证企业": 1,
        "申请笔数": 1,
        "申请企业数": 1,
    }


@pytest.mark.django_db
def test_enterprise_analysis_download_has_the_park_and_region_sheets(client, users):
    client.force_login(users.level1)
    html = client.get(f"{PAGE}?{MARCH}").content.decode()
    link = re.search(r'href="\?([^"]+)" id="export-analysis"', html).group(1).replace("&amp;", "&")
    response = client.get(f"{PAGE}?{link}")
    assert (
        "%E4%BC%81%E4%B8%9A%E5%88%86%E6%9E%90%E6%95%B0%E6%8D%AE-20260301-20260331.xlsx"
        in response["Content-Disposition"]
    )  # 企业分析数据-20260301-20260331.xlsx
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按园区新注册企业", "按镇街新注册企业", "按行业新注册企业"]
    parks = {row["园区"]: row for row in sheet_rows(book["按园区新注册企业"])}
    assert (parks["高新园"]["新注册企业"], parks["高新园"]["新认证企业"], parks["高新园"]["累计注册企业"]) == (2, 1, 3)
    assert parks["高新园"]["新注册占比"] == pytest.approx(0.6667)
    assert (parks["未填写"]["新注册企业"], parks["未填写"]["累计注册企业"]) == (0, 2)
    regions = {row["镇街"]: row["新注册企业"] for row in sheet_rows(book["按镇街新注册企业"])}
    assert regions["城关街道"] == 1 and regions["西山镇"] == 1 and regions["未填写"] == 1


def _queries_for_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{PAGE}?period=year&year=2026")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_enterprises(client, users):
    client.force_login(users.level1)
    _queries_for_page(client)  # warm per-session and per-process caches
    small = _queries_for_page(client)
    for n in range(40):
        enterprise = registered(
            EnterpriseFactory(name=f"批量企业{n}"),
            at(2026, 5, 1 + n % 28, 10),
            at(2026, 5, 2 + n % 27, 10) if n % 2 else None,
            park=[users.parks.hi_tech, users.parks.harbour, None][n % 3],
            region=[users.region, users.other_region, None][n % 3],
        )
        for k in range(n % 5):
            make(f"B{n}-{k}", enterprise, users.product_a, at(2026, 6, 1 + k, 9))
    large = _queries_for_page(client)
    assert large == small
    html = client.get(f"{PAGE}?period=year&year=2026").content.decode()
    assert 'data-column="registered">48<' in html  # 8 + 40 registered in 2026: the new ones were counted
