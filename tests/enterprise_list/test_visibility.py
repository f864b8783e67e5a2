"""Contacts in enterprise lists are for institution users and platform staff only (F-ROLE-5, F-LIST-2)."""

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

LIST_URL = "/lists/miit/growth/"
INDEX_URL = "/lists/"
CONTACTS = ("陈立群", "13805910001", "林晓梅", "13905910002")


def sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    return [[("" if cell is None else str(cell)) for cell in row] for row in rows]


def flat(rows):
    return " ".join(" ".join(row) for row in rows)


def assert_no_contact_digits(text):
    for contact in CONTACTS:
        assert contact not in text
    # not even the masked form's visible digits
    assert "5910001" not in text and "0001" not in text.replace("2026", "")


@pytest.mark.parametrize("who", ["anonymous", "enterprise_user", "nobody", "closed_bank_user", "ndrc_author"])
def test_list_page_and_export_hide_contacts_from(who, client, portal):
    if who != "anonymous":
        client.force_login(getattr(portal, who))
    page = client.get(LIST_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "海峡精密机械有限公司" in html  # the list itself is public
    assert "联系人及联系电话仅对登录的金融机构会员开放" in html
    assert_no_contact_digits(html)
    assert portal.row_machine.credit_code not in html  # only the masked code
    exported = sheet(client.get(LIST_URL, {"format": "xlsx"}))
    assert "联系人" not in exported[0] and "联系电话" not in exported[0]
    assert_no_contact_digits(flat(exported))


@pytest.mark.parametrize("who", ["bank_user", "level1", "level2"])
def test_institution_users_and_platform_staff_see_contacts(who, client, portal):
    client.force_login(getattr(portal, who))
    response = client.get(LIST_URL)
    html = response.content.decode()
    for contact in CONTACTS:
        assert contact in html
    assert portal.row_machine.credit_code in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    exported = sheet(client.get(LIST_URL, {"format": "xlsx"}))
    assert exported[0][-2:] == ["联系人", "联系电话"]
    assert [exported[1][0], *exported[1][-2:]] == ["海峡精密机械有限公司", "陈立群", "13805910001"]


def test_index_query_shows_contacts_only_to_institution_users(client, portal):
    assert "15105910011" not in client.get(INDEX_URL).content.decode()
    client.force_login(portal.bank_user)
    assert "15105910011" in client.get(INDEX_URL).content.decode()


@pytest.fixture
def page_cache(settings, client):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    client.get("/")  # the first request of a fresh site creates its settings row, which empties the cache


def test_cached_public_page_is_not_served_to_an_institution_user(client, portal, page_cache):
    first = client.get(LIST_URL)
    assert first["X-Page-Cache"] == "miss"
    assert client.get(LIST_URL)["X-Page-Cache"] == "hit"
    client.force_login(portal.bank_user)
    assert "13805910001" in client.get(LIST_URL).content.decode()


def test_page_with_contacts_is_never_cached_for_visitors(client, portal, page_cache):
    from django.test import Client

    client.force_login(portal.bank_user)
    assert "13805910001" in client.get(LIST_URL).content.decode()
    assert "13805910001" in flat(sheet(client.get(LIST_URL, {"format": "xlsx"})))
    visitor = Client()
    for params in ({}, {"format": "xlsx"}):
        response = visitor.get(LIST_URL, params)
        assert response.get("X-Page-Cache") == "miss"
        body = response.content.decode() if not params else flat(sheet(response))
        assert_no_contact_digits(body)


def test_contacts_are_not_in_the_search_index(portal):
    from enterprise_list.models import EnterpriseListPage

    indexed = {field.field_name for field in EnterpriseListPage.get_search_fields()}
    related = [f for f in EnterpriseListPage.get_search_fields() if hasattr(f, "fields")]
    indexed |= {inner.field_name for f in related for inner in f.fields}
    assert "enterprise_name" in indexed
    assert not indexed & {"contact_person", "contact_phone", "credit_code"}
