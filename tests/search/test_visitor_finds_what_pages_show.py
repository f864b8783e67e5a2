"""Searched the way a visitor searches, the portal finds what its pages show (issue 20), on the demo site.

Everything here is computed from the database: the product categories, guarantee types and institutions
the seeded products have, the synonym table's short names, the text each rendered page shows."""

import math
import re
from collections import Counter

import jieba
from bs4 import BeautifulSoup

from enterprise_list.models import EnterpriseListPage
from finance_market.choices import GuaranteeMethod, ProductType
from finance_market.models import LoanProductPage
from members.models import FinancialInstitution
from search import registry
from search.engine import PER_PAGE, SearchRequest, run_search
from search.highlight import plain_text
from search.synonyms import SynonymTable, groups

CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def found(query, pages=3):
    """The pks of the objects on the first ``pages`` result pages of ``query``."""
    pks = set()
    for number in range(1, pages + 1):
        outcome = run_search(SearchRequest(q=query, page=number))
        pks |= {hit.page.pk for hit in outcome.hits}
        if number * PER_PAGE >= outcome.total:
            break
    return pks


def short_names(institution_name):
    """The synonym table's spellings of an institution (工行, 工商银行, 中国工商银行 for 中国工商银行市分行)."""
    table = SynonymTable(groups())
    return {other for word in table.words() if len(word) > 2 and word in institution_name
            for other in (word, *table.of(word))}


def test_each_category_guarantee_type_and_institution_finds_all_its_live_products(demo_site):
    products = list(LoanProductPage.objects.live().public().select_related("institution"))
    wanted = {}
    for code, label in ProductType.choices:
        wanted[str(label)] = {p.pk for p in products if p.product_type == code}
    for code, label in GuaranteeMethod.choices:
        wanted[str(label)] = {p.pk for p in products if code in p.guarantee_methods}
    for institution in FinancialInstitution.objects.filter(products__in=[p.pk for p in products]).distinct():
        theirs = {p.pk for p in products if p.institution_id == institution.pk}
        for name in {institution.name, *short_names(institution.name)}:
            wanted[name] = wanted.get(name, set()) | theirs
    wanted = {query: pks for query, pks in wanted.items() if pks}
    assert "信用贷款" in wanted and "工行" in wanted and "建行" in wanted  # the demo has what the test needs

    missing = {}
    for query, pks in wanted.items():
        pages = math.ceil(len(pks) / PER_PAGE) + 1  # every product on the first pages, one page of slack
        lost = pks - found(query, pages)
        if lost:
            missing[query] = sorted(LoanProductPage.objects.filter(pk__in=lost).values_list("title", flat=True))
    assert missing == {}


def _main_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    # other pages' cards and titles (a bank lists its products) are found on those pages
    for aside in main.select("nav, .breadcrumbs, .related-content, header h1, .card"):
        aside.decompose()
    for link in main.select("a[href]"):
        if link["href"].split("?")[0].split("#")[0] not in ("", page.url):
            link.decompose()
    return main.get_text(" ")


def _words(text):
    return {word for word in jieba.cut(text) if CJK_WORD.match(word)}


def test_a_distinctive_word_of_every_page_types_main_text_finds_the_page(demo_site, client):
    """For every registered page type with live pages: the words of a page's rendered <main> (not its title) that no
    other rendered page shows each find that page on the first result pages."""
    pages = []
    for searchable in registry.searchable_types():
        if searchable.is_page and not searchable.key.startswith("channel_"):
            pages += list(searchable.model.objects.live().public())
    texts = {page.pk: _words(_main_text(client, page)) - _words(page.title) for page in pages}
    seen = Counter(word for words in texts.values() for word in words)
    types, missing = set(), {}
    for page in pages:
        distinctive = sorted(word for word in texts[page.pk] if seen[word] == 1)[:3]
        if not distinctive:
            continue
        types.add(type(page).__name__)
        lost = [word for word in distinctive if page.pk not in found(word)]
        if lost:
            missing[f"{type(page).__name__} {page.title}"] = lost
    assert missing == {}
    # (the demo's banks show only words every bank page shows: none is distinctive)
    assert types >= {"NewsPage", "PolicyPage", "CasePage", "LoanProductPage", "ProjectPage", "EnterpriseListPage",
                     "StandardPage"}


def test_every_word_of_a_channel_intro_and_of_a_list_row_finds_its_page(demo_site, client):
    checked, missing = 0, {}
    for searchable in registry.searchable_types():
        if not searchable.key.startswith("channel_"):
            continue
        for channel in searchable.model.objects.live().public():
            shown = _main_text(client, channel)
            for word in sorted(_words(plain_text(channel.intro)))[:5]:
                assert word in shown
                checked += 1
                if channel.pk not in found(word, pages=5):
                    missing[f"{channel.title}: {word}"] = "not found"
    for page in EnterpriseListPage.objects.live().public():
        for row in page.rows.all():
            for text in (row.enterprise_name, row.project_summary):
                word = max(_words(text), key=len, default=None)
                if word:
                    checked += 1
                    if page.pk not in found(word, pages=5):
                        missing[f"{page.title}: {word}"] = "not found"
    assert checked >= 10
    assert missing == {}


def test_on_the_demo_each_institution_is_one_facet_entry_under_its_own_name(demo_site, client):
    """Cases are seeded before the institutions they name: their facet value is still the institution's."""
    from tests.search.test_search_page import facet_counts

    institutions = set(FinancialInstitution.objects.values_list("name", flat=True))
    for short_name in ("工行", "建行"):
        counts = facet_counts(client.get("/search/", {"q": short_name}), "金融机构")
        assert counts and set(counts) <= institutions, (short_name, counts)
