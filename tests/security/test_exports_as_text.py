"""Formula injection: what users typed reaches every Excel / CSV export as text, never as a live formula
(core/spreadsheets.py). An enterprise named =HYPERLINK(...) must not become a link in the file an
administrator opens."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.contrib.search_promotions.models import Query

from core import spreadsheets
from enterprise_list.models import ListingBoard, ListingPlan, ListingStage
from tests.enterprise_list.conftest import portal  # noqa: F401  (fixture)
from tests.factories.lists import EnterpriseListRowFactory, ProjectPageFactory
from tests.factories.members import EnterpriseFactory
from tests.factories.pages import NewsIndexPageFactory
from tests.finance_market.conftest import market  # noqa: F401  (fixture)
from tests.reports.conftest import data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example.com","点击查看")'
# every start a spreadsheet program may run as a formula, half-width and full-width
FORMULA_LIKE = [EVIL, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1", "＠SUM(1)"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_cells(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_cell(cells, text):
    """The value is in the file exactly as typed, as a string cell (a formula cell reads back as 'f')."""
    found = [cell for cell in cells if cell.value == text]
    assert found, f"{text!r} is not in the export as typed: {[c.value for c in cells if c.value]}"
    assert [cell.data_type for cell in found] == ["s"] * len(found)


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


# --- the helper -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_csv_field_starting_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheets.csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["甲企业", "R2142", "1+1", "a=b", 12, None])
def test_csv_field_that_is_not_formula_like_is_unchanged(value):
    assert spreadsheets.csv_text(value) == value


def test_xlsx_row_keeps_text_as_text_and_numbers_as_numbers():
    from openpyxl import Workbook

    formula_like = [text for text in FORMULA_LIKE if "\r" not in text]  # the XML file reads \r back as \n
    book = Workbook()
    spreadsheets.append_row(book.active, [*formula_like, "#N/A", "控制\x01字符", 12])
    content = io.BytesIO()
    book.save(content)
    row = next(load_workbook(io.BytesIO(content.getvalue())).active.iter_rows())
    assert [cell.value for cell in row] == [*formula_like, "#N/A", "控制字符", 12]
    assert [cell.data_type for cell in row] == ["s"] * (len(formula_like) + 2) + ["n"]
    assert all(cell.quotePrefix for cell in row[:len(formula_like)])  # Excel keeps it text when edited


# --- the portal's own exports ---------------------------------------------------------------------

def test_statistics_export_writes_an_enterprise_name_as_text(client, data):  # noqa: F811
    data.ent_a.name = EVIL
    data.ent_a.save()
    client.force_login(data.level1)
    response = client.get("/admin/statistics/applications/list/?period=year&year=2026&format=xlsx")
    assert_text_cell(xlsx_cells(response), EVIL)


def test_enterprise_list_export_writes_user_text_as_text(client, portal):  # noqa: F811
    EnterpriseListRowFactory(page=portal.growth, enterprise_name=EVIL, contact_person="@张三",
                             project_summary="＝1+1")
    client.force_login(portal.bank_user)
    cells = xlsx_cells(client.get("/lists/", {"format": "xlsx"}))
    for text in (EVIL, "@张三", "＝1+1"):
        assert_text_cell(cells, text)


def test_project_export_writes_user_text_as_text(client, portal):  # noqa: F811
    ProjectPageFactory(parent=portal.ndrc_projects, code="R9001", title=EVIL, remark="-1+1")
    cells = xlsx_cells(client.get("/projects/", {"format": "xlsx"}))
    assert_text_cell(cells, EVIL)
    assert_text_cell(cells, "-1+1")


def test_listing_plan_export_writes_user_text_as_text(client, portal):  # noqa: F811
    enterprise = EnterpriseFactory(name=EVIL, certified=True)
    ListingPlan.objects.create(enterprise=enterprise, target_board=ListingBoard.STAR, stage=ListingStage.TUTORING,
                               planned_year=2028, intermediaries="+某证券", contact_person="甲",
                               contact_phone="13800000000")
    client.force_login(portal.level1)
    cells = xlsx_cells(client.get("/admin/list-import/listing-plans/export.xlsx"))
    assert_text_cell(cells, EVIL)
    assert_text_cell(cells, "+某证券")


# --- Wagtail's admin exports (?export=xlsx / ?export=csv) -----------------------------------------

SEARCH_TERMS = "/admin/searchpicks/reports/search-terms/"


def _searched(text):
    """What a visitor typed into the site search, as the search log stores it (search/query_log.py)."""
    Query.get(text).add_hit(timezone.localdate())
    return Query.get(text).query_string


def test_wagtail_search_terms_report_exports_what_visitors_searched_as_text(client, superuser):
    searched = _searched(EVIL)
    client.force_login(superuser)
    assert_text_cell(xlsx_cells(client.get(SEARCH_TERMS, {"export": "xlsx"})), searched)
    assert [row[0] for row in csv_rows(client.get(SEARCH_TERMS, {"export": "csv"}))[1:]] == ["'" + searched]


def test_wagtail_page_report_exports_a_page_title_as_text(client, home, superuser):
    NewsIndexPageFactory(parent=home, title=EVIL, locked=True, locked_by=superuser, locked_at=timezone.now())
    client.force_login(superuser)
    assert_text_cell(xlsx_cells(client.get("/admin/reports/locked/", {"export": "xlsx"})), EVIL)
    rows = csv_rows(client.get("/admin/reports/locked/", {"export": "csv"}))
    assert "'" + EVIL in rows[1] and EVIL not in rows[1]
