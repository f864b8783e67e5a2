"""The /search/ page as a visitor uses it: field search, facets, permissions, hostile input."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from search import registry
from search.analysis import MAX_QUERY_CHARS
from tests.factories import NewsPageFactory


def result_slugs(response):
    """The slugs of the results in their order: a page's title line, or a loan product's card (its h2)."""
    title = r'class="(?:search-hit__title|card-title)">(?:<span class="badge">[^<]*</span>)?'
    return re.findall(title + r'<a href="/[^"]*?/([^/"]+)/"', response.content.decode())


def facet_counts(response, name):
    """{option label: count} of one facet as rendered."""
    html = response.content.decode()
    section = re.search(rf'<section class="facet">\s*<h2>{name}</h2>(.*?)</section>', html, re.S)
    if not section:
        return {}
    return {label.strip(): int(count) for label, count in
            re.findall(r'>([^<>]+?) <span class="count">(\d+)</span>', section.group(1))}


def test_results_show_highlighted_titles_and_snippets(client, corpus):
    response = client.get("/search/", {"q": "担保"})
    html = response.content.decode()
    assert response.status_code == 200
    assert set(result_slugs(response)) >= {"p2", "p8", "c4"}
    assert "融资<mark>担保</mark>" in html
    assert "找到 4 条" in html


def test_title_only_search_ignores_matches_in_the_body(client, corpus):
    everywhere = result_slugs(client.get("/search/", {"q": "专精特新"}))
    in_title = result_slugs(client.get("/search/", {"q": "专精特新", "field": "title"}))
    assert set(everywhere) == {"p5", "n3"}  # n3 mentions it in its body
    assert in_title == ["p5"]


def test_date_range_keeps_only_pages_dated_inside_it(client, corpus):
    response = client.get("/search/", {"q": "贷款", "date_from": "2026-09-01", "date_to": "2026-12-31"})
    slugs = set(result_slugs(response))
    assert slugs
    for slug in slugs:
        assert datetime.date(2026, 9, 1) <= corpus[slug].date <= datetime.date(2026, 12, 31)
    assert "c3" not in slugs  # dated 2025


def test_invalid_date_is_ignored_not_an_error(client, corpus):
    response = client.get("/search/", {"q": "担保", "date_from": "not-a-date"})
    assert response.status_code == 200
    assert len(result_slugs(response)) == 4


def test_content_type_facet_counts_and_narrows(client, corpus):
    response = client.get("/search/", {"q": "担保"})
    assert facet_counts(response, "内容类型") == {"政策": 2, "融资案例": 1, "新闻": 1}
    narrowed = client.get("/search/", {"q": "担保", "type": "policy"})
    assert set(result_slugs(narrowed)) == {"p2", "p8"}
    # the selected facet keeps its other options' counts; the year counts follow the selection
    assert facet_counts(narrowed, "内容类型") == {"政策": 2, "融资案例": 1, "新闻": 1}
    assert sum(facet_counts(narrowed, "年份").values()) == 2


def test_category_facet_uses_each_types_own_categories(client, corpus):
    response = client.get("/search/", {"q": "贷款"})
    counts = facet_counts(response, "分类")
    assert counts["工作动态"] == 3  # news n2, n5, n8
    assert counts["资金补助政策"] == 2  # policies p2, p7
    narrowed = client.get("/search/", {"q": "贷款", "category": "policy:subsidy"})
    assert set(result_slugs(narrowed)) == {"p2", "p7"}


def test_department_facet_lists_issuing_authorities(client, corpus):
    response = client.get("/search/", {"q": "人民银行"})
    assert facet_counts(response, "发布部门")["中国人民银行"] == 3
    narrowed = client.get("/search/", {"q": "人民银行", "department": "中国人民银行"})
    assert set(result_slugs(narrowed)) == {"p1", "p6", "p11"}


def test_institution_facet_lists_case_institutions(client, corpus):
    response = client.get("/search/", {"q": "贷款"})  # and its synonyms 借款, 融资 (the seeded synonym table)
    assert facet_counts(response, "金融机构") == {"工商银行": 1, "建设银行": 1, "农村商业银行": 1, "市融资担保公司": 1}
    narrowed = client.get("/search/", {"q": "贷款", "institution": "建设银行"})
    assert result_slugs(narrowed) == ["c3"]


def test_year_facet_counts_by_page_date(client, corpus):
    response = client.get("/search/", {"q": "贷款"})
    years = facet_counts(response, "年份")
    assert sum(years.values()) == 16  # 贷款, 借款 or 融资 (synonyms)
    narrowed = client.get("/search/", {"q": "贷款", "year": "2025"})
    slugs = result_slugs(narrowed)
    assert slugs and all(corpus[slug].date.year == 2025 for slug in slugs)
    assert len(slugs) == years["2025"]


def test_two_facets_combine_and_each_keeps_its_own_options(client, corpus):
    response = client.get("/search/", {"q": "贷款", "type": "news", "year": "2026"})
    slugs = result_slugs(response)
    assert slugs and all(corpus[s].date.year == 2026 and s.startswith("n") for s in slugs)
    assert "政策" in facet_counts(response, "内容类型")  # other types stay selectable


@pytest.fixture
def product_registry():
    """Cases registered as a product type, to exercise the product facet and product-name search.
    Facet values are copied when indexing, so the search documents are rebuilt under the new registry."""
    from policies.models import CasePage
    from search import documents

    registry.searchable_types()
    original = registry._registry["case"]
    registry.register(CasePage, "case", facets={"product_type": "institution_name"}, is_product=True)
    documents.rebuild()
    yield
    registry._registry["case"] = original


def test_product_type_facet_and_product_name_search(client, corpus, product_registry):
    response = client.get("/search/", {"q": "贷款"})
    assert facet_counts(response, "产品类型") == {"工商银行": 1, "建设银行": 1, "农村商业银行": 1, "市融资担保公司": 1}
    by_name = client.get("/search/", {"product": "首笔贷款"})
    assert result_slugs(by_name) == ["c3"]


def test_drafts_unpublished_and_private_pages_are_never_returned(client, news_index, corpus):
    draft = NewsPageFactory(parent=news_index, slug="draft", title="保密担保草稿", live=False)
    unpublished = NewsPageFactory(parent=news_index, slug="gone", title="已撤回的担保通知")
    unpublished.unpublish()
    private = NewsPageFactory(parent=news_index, slug="private", title="内部担保名单")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/search/", {"q": "担保"}).content.decode()
    for page in (draft, unpublished, private):
        assert page.title not in html
    assert set(result_slugs(client.get("/search/", {"q": "担保"}))) == {"p2", "p8", "c4", "n8"}
    assert client.get("/search/suggest/", {"q": "担保"}).json()["pages"]
    assert all("内部" not in p["title"] for p in client.get("/search/suggest/", {"q": "担保"}).json()["pages"])


def test_script_in_query_is_rendered_inert(client, corpus):
    response = client.get("/search/", {"q": '<script>alert("x")</script>担保'})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_markup_in_page_titles_is_escaped_in_highlights(client, news_index):
    NewsPageFactory(parent=news_index, slug="xss", title='<img src=x onerror=alert(1)>担保新闻')
    html = client.get("/search/", {"q": "担保"}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>担保</mark>新闻" in html


def test_very_long_query_is_cut_not_an_error(client, corpus):
    response = client.get("/search/", {"q": "担保" * 5000})
    assert response.status_code == 200
    assert MAX_QUERY_CHARS < 10000


def test_empty_and_punctuation_only_queries_show_a_prompt(client, corpus):
    for q in ["", "   ", "！？。", "%%%"]:
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        assert "请输入要搜索的关键词" in response.content.decode()
        assert result_slugs(response) == []


def test_misspelt_query_falls_back_to_partial_matches_and_says_so(client, corpus):
    response = client.get("/search/", {"q": "小徽企业金融"})
    html = response.content.decode()
    assert "部分匹配的结果" in html
    assert {"n1", "p1"} & set(result_slugs(response)[:3])
    exact = client.get("/search/", {"q": "小微企业金融"}).content.decode()
    assert "部分匹配的结果" not in exact


def test_facets_that_exclude_every_match_do_not_trigger_the_fallback(client, corpus):
    response = client.get("/search/", {"q": "信用贷款", "department": "中国人民银行"})
    html = response.content.decode()
    assert result_slugs(response) == []
    assert "部分匹配" not in html
    assert "找到 0 条" in html


def test_nothing_found_says_so(client, corpus):
    html = client.get("/search/", {"q": "咖啡"}).content.decode()
    assert "没有找到相关内容" in html


def test_results_are_paginated(client, news_index):
    for n in range(23):
        NewsPageFactory(parent=news_index, slug=f"many-{n}", title=f"普惠金融政策宣讲第{n}场")
    first = client.get("/search/", {"q": "普惠金融"})
    third = client.get("/search/", {"q": "普惠金融", "page": 3})
    assert len(result_slugs(first)) == 10
    assert len(result_slugs(third)) == 3
    assert not set(result_slugs(first)) & set(result_slugs(third))
    assert "第 3 / 3 页" in third.content.decode()
    assert client.get("/search/", {"q": "普惠金融", "page": 99}).status_code == 200
