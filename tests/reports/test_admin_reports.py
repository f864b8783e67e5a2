"""The 统计报表 admin pages: who sees what (institution isolation from the forbidden side), drill-down
links, and Excel files that hold the page's numbers."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.factories.users import UserFactory
from tests.refusals import assert_sends_to_admin_home, assert_sends_to_login

REPORT = "/admin/statistics/applications/"
MARCH = "period=month&year=2026&month=3"


def summary_cell(response, column):
    html = response.content.decode()
    section = html[html.index('id="table-summary"'):html.index('id="table-trend"')]
    match = re.search(rf'data-column="{column}">(?:<a href="[^"]*">)?([^<]*)<', section)
    return match.group(1)


@pytest.mark.django_db
def test_platform_admin_sees_every_institution(client, data):
    client.force_login(data.level1)
    response = client.get(f"{REPORT}?{MARCH}")
    assert response.status_code == 200
    assert summary_cell(response, "applications") == "5"
    assert summary_cell(response, "signed_amount") == "230.00"
    assert summary_cell(response, "success_rate") == "40.0%"
    assert "甲银行" in response.content.decode() and "乙银行" in response.content.decode()


@pytest.mark.django_db
def test_supervisor_may_narrow_to_one_institution(client, data):
    client.force_login(data.supervisor)
    response = client.get(f"{REPORT}?{MARCH}&institution={data.bank_b.pk}")
    assert summary_cell(response, "applications") == "3"


@pytest.mark.django_db
def test_bank_sees_only_its_own_figures_even_when_asking_for_another_bank(client, data):
    client.force_login(data.staff_a)
    own = client.get(f"{REPORT}?{MARCH}")
    tampered = client.get(f"{REPORT}?{MARCH}&institution={data.bank_b.pk}")
    for response in (own, tampered):
        assert response.status_code == 200
        assert summary_cell(response, "applications") == "2"
        html = response.content.decode()
        assert 'id="report-institution">甲银行<' in html
        assert "乙银行信用贷" not in html and "丙企业" not in html
        assert 'id="table-institution"' not in html  # no per-institution table for a bank


@pytest.mark.django_db
def test_bank_cannot_drill_into_or_export_another_banks_applications(client, data):
    client.force_login(data.staff_a)
    listing = client.get(f"{REPORT}list/?{MARCH}&dim=institution&key={data.bank_b.pk}&institution={data.bank_b.pk}")
    assert listing.status_code == 200 and "没有符合条件的申请" in listing.content.decode()
    everything = client.get(f"{REPORT}list/?period=year&year=2026").content.decode()
    # whole references only: a random CSRF token or hashed file name may contain "T7" inside it
    shown = set(re.findall(r"(?<![A-Za-z0-9])T\d+(?![A-Za-z0-9])", everything))
    assert "T1" in shown and "T7" not in shown and "T4" not in shown
    export = client.get(f"{REPORT}?{MARCH}&institution={data.bank_b.pk}&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content))["申请与签约汇总"]
    assert sheet["B3"].value == 2  # 甲银行's two March applications, not 乙银行's three
    drill_export = client.get(f"{REPORT}list/?period=year&year=2026&institution={data.bank_b.pk}&format=xlsx")
    refs = {row[0] for row in load_workbook(io.BytesIO(drill_export.content)).active.iter_rows(min_row=3,
                                                                                              values_only=True)}
    assert refs == {"T1", "T2", "T5"}


@pytest.mark.django_db
def test_people_without_a_report_role_are_refused(client, data):
    assert_sends_to_login(client.get(REPORT))  # anonymous
    client.force_login(data.ent_a.account)  # no back office at all
    assert_sends_to_login(client.get(REPORT))
    client.force_login(UserFactory(username="nobody", is_staff=False))
    assert_sends_to_login(client.get(REPORT))
    client.force_login(data.staff_a)
    assert_sends_to_admin_home(client.get("/admin/statistics/access/"))  # access statistics: platform only


@pytest.mark.django_db
def test_numbers_link_to_the_applications_behind_them(client, data):
    client.force_login(data.level1)
    html = client.get(f"{REPORT}?{MARCH}").content.decode()
    links = re.findall(r'<a href="(/admin/statistics/applications/list/\?[^"]+)">', html)
    signed_link = next(link for link in links if "outcome=signed" in link and "dim=" not in link)
    listing = client.get(signed_link.replace("&amp;", "&")).content.decode()
    assert "T1" in listing and "T7" in listing and "T2" not in listing and "共 2 笔" in listing
    region_link = next(link for link in links if f"dim=region&amp;key={data.region.pk}" in link)
    listing = client.get(region_link.replace("&amp;", "&")).content.decode()
    assert "共 2 笔" in listing and "T1" in listing and "T2" in listing


@pytest.mark.django_db
def test_excel_export_holds_the_same_numbers_as_the_report(client, data):
    client.force_login(data.level1)
    response = client.get(f"{REPORT}?{MARCH}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = book["申请与签约汇总"]
    header = [cell.value for cell in summary[2]]
    values = dict(zip(header, [cell.value for cell in summary[3]], strict=True))
    assert values["申请笔数"] == 5 and values["申请企业数"] == 3 and values["申请金额（万元）"] == 630.0
    assert values["签约笔数"] == 2 and values["签约金额（万元）"] == 230.0
    assert values["申请成功率"] == 0.4 and values["企业成功率"] == pytest.approx(0.6667)
    assert values["逾期反馈通知书"] == 1 and values["催办次数"] == 1
    refusals = {row[0]: row[1:] for row in book["拒绝原因分析"].iter_rows(min_row=3, values_only=True)}
    assert refusals == {"资料不完整": (2, 1.0)}
    regions = {row[0]: row[1] for row in book["按镇街"].iter_rows(min_row=3, values_only=True)}
    assert regions == {"城关街道": 2, "西山镇": 2, "未填写": 1}
    assert {"按行业", "按金融机构", "按贷款产品", "按注册资本", "申请趋势"} <= set(book.sheetnames)


@pytest.mark.django_db
def test_bad_period_shows_a_chinese_error_and_the_current_month(client, data):
    client.force_login(data.level1)
    html = client.get(f"{REPORT}?period=range&from=2026-04-02&to=2026-04-01").content.decode()
    assert "结束日期不能早于开始日期" in html


@pytest.mark.django_db
def test_quarter_and_year_reports(client, data):
    client.force_login(data.level1)
    assert summary_cell(client.get(f"{REPORT}?period=quarter&year=2026&quarter=1"), "applications") == "6"
    assert summary_cell(client.get(f"{REPORT}?period=quarter&year=2026&quarter=2"), "applications") == "1"
    assert summary_cell(client.get(f"{REPORT}?period=year&year=2025"), "applications") == "0"
