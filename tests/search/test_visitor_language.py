"""Search in the visitor's words: synonyms and short names, facets in Chinese with one entry per real thing,
related content, suggestions in the header and “您是不是要找” (issue 20)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from search.models import SearchSynonym
from tests.factories import CasePageFactory, NewsPageFactory, PolicyPageFactory
from tests.factories.market import BankIndexPageFactory, BankPageFactory, LoanProductPageFactory
from tests.factories.members import DepartmentFactory, InstitutionFactory
from tests.factories.pages import CaseIndexPageFactory
from tests.search.test_search_page import facet_counts, result_slugs


@pytest.fixture
def bank_site(home, news_index):
    icbc = InstitutionFactory(name="中国工商银行市分行")
    ccb = InstitutionFactory(name="中国建设银行市分行")
    banks = BankIndexPageFactory(parent=home)
    icbc_page = BankPageFactory(parent=banks, institution=icbc, slug="icbc")
    ccb_page = BankPageFactory(parent=banks, institution=ccb, slug="ccb")
    pages = {
        "kuaidai": LoanProductPageFactory(parent=icbc_page, institution=icbc, slug="kuaidai", title="经营快贷",
                                          product_type="credit", target_customers="纳税良好的企业"),
        "diya": LoanProductPageFactory(parent=icbc_page, institution=icbc, slug="diya", title="厂房抵押贷",
                                       product_type="mortgage", guarantee_methods=["mortgage"],
                                       target_customers="有自有厂房的企业"),
        "shandai": LoanProductPageFactory(parent=ccb_page, institution=ccb, slug="shandai", title="善担贷",
                                          product_type="guarantee", guarantee_methods=["guarantee"],
                                          target_customers="个体工商户"),
    }
    cases = CaseIndexPageFactory(parent=home)
    pages["case"] = CasePageFactory(parent=cases, slug="case", title="某机械公司获得订单融资",
                                    institution_name="工商银行")
    return pages


def test_a_product_is_found_by_its_category_guarantee_and_bank_though_its_text_names_none(client, bank_site):
    response = client.get("/search/", {"q": "信用贷款"})
    assert result_slugs(response) == ["kuaidai"]
    # shown as the 金融超市 product card: the page's own text, not the computed labels it was found by
    card = BeautifulSoup(response.content, "html.parser").select_one(".search-hit--product .product-card")
    assert card.select_one(".summary").text == "适用对象：纳税良好的企业"
    assert set(result_slugs(client.get("/search/", {"q": "抵押"}))) == {"diya"}
    assert set(result_slugs(client.get("/search/", {"q": "中国建设银行"}))) >= {"shandai", "ccb"}


@pytest.mark.parametrize(("query", "expected"), [
    ("工行", {"kuaidai", "diya", "icbc", "case"}),
    ("工商银行", {"kuaidai", "diya", "icbc", "case"}),
    ("建行", {"shandai", "ccb"}),
    ("个体户", {"shandai"}),
])
def test_short_names_and_synonyms_find_what_the_full_words_find(client, bank_site, query, expected):
    assert set(result_slugs(client.get("/search/", {"q": query}))) == expected


def test_a_synonym_an_admin_adds_applies_to_the_next_search(client, bank_site):
    assert "部分匹配" in client.get("/search/", {"q": "快贷王"}).content.decode()  # only its characters match
    group = SearchSynonym(terms="快贷王、经营快贷")
    group.full_clean()
    group.save()
    assert result_slugs(client.get("/search/", {"q": "快贷王"})) == ["kuaidai"]
    assert group.terms == "快贷王，经营快贷"


def test_a_synonym_group_of_one_word_is_refused_with_a_clear_message(db):
    with pytest.raises(ValidationError) as refused:
        SearchSynonym(terms="工行").full_clean()
    assert refused.value.message_dict["terms"] == ["请至少填写两个词，用逗号或空格分隔。"]


def test_the_finance_synonyms_are_seeded(db):
    groups = {str(row) for row in SearchSynonym.objects.all()}
    assert {"工行、工商银行、中国工商银行", "贷款、借款、融资", "小微、小型微型企业、小微企业",
            "专精特新、专精特新中小企业", "个体户、个体工商户", "农商行、农商银行、农村商业银行"} <= groups


def test_product_type_facet_shows_chinese_labels(client, bank_site):
    counts = facet_counts(client.get("/search/", {"q": "银行"}), "产品类型")
    assert counts == {"信用贷款": 1, "抵押贷款": 1, "担保贷款": 1}


def test_institution_facet_counts_a_bank_once_under_its_own_name(client, bank_site):
    counts = facet_counts(client.get("/search/", {"q": "工行"}), "金融机构")
    assert counts == {"中国工商银行市分行": 4}  # its two products, its page and the case naming 工商银行


def test_department_facet_shows_the_department_not_the_channel(client, home, news_index, policy_index):
    from tests.factories import NewsIndexPageFactory

    channel = NewsIndexPageFactory(parent=news_index, slug="pbc-news", title="人民银行动态")
    department = DepartmentFactory(name="人民银行")
    department.channel_pages.add(channel)
    NewsPageFactory(parent=channel, slug="n1", title="普惠金融推进会召开", source="人民银行动态")
    PolicyPageFactory(parent=policy_index, slug="p1", title="普惠金融政策", issuing_authority="中国人民银行")
    counts = facet_counts(client.get("/search/", {"q": "普惠金融"}), "发布部门")
    assert counts == {"人民银行": 2}


def test_a_query_with_no_result_offers_a_close_word(client, bank_site):
    html = client.get("/search/", {"q": "经营快袋"}).content.decode()
    link = BeautifulSoup(html, "html.parser").select_one(".search-did-you-mean a")
    assert link.text == "经营快贷"
    assert set(result_slugs(client.get("/search/" + link["href"]))) == {"kuaidai"}


def test_the_header_search_box_offers_suggestions_on_every_page(client, bank_site):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    box = page.select_one("header input[name=q]")
    assert box["data-suggest-url"] == "/search/suggest/"
    assert page.select_one("script[src$='search/suggest.js']") is not None
    payload = client.get("/search/suggest/", {"q": "工"}).json()
    assert "工行" in payload["terms"]


def test_related_content_lists_items_sharing_the_bank_or_words(client, bank_site, django_assert_max_num_queries):
    html = client.get(bank_site["kuaidai"].url).content.decode()
    related = BeautifulSoup(html, "html.parser").select(".related-content li a")
    titles = [a.text for a in related]
    assert 1 <= len(titles) <= 5
    assert "厂房抵押贷" in titles  # same bank
    assert "经营快贷" not in titles  # never the page itself


def test_related_content_is_computed_with_few_queries_and_then_cached(bank_site, django_assert_max_num_queries):
    from search.related import related_items

    with django_assert_max_num_queries(15):
        first = related_items(bank_site["diya"])
    with django_assert_max_num_queries(1):
        assert related_items(bank_site["diya"]) == first


def test_related_content_shows_policies_sharing_a_tag(client, policy_index):
    first = PolicyPageFactory(parent=policy_index, slug="a", title="科技金融指导意见")
    second = PolicyPageFactory(parent=policy_index, slug="b", title="人才公寓管理办法")
    PolicyPageFactory(parent=policy_index, slug="c", title="文化旅游节安排")
    for page in (first, second):
        page.tags.add("人才")
        page.save_revision().publish()
    html = client.get(first.url).content.decode()
    titles = [a.text for a in BeautifulSoup(html, "html.parser").select(".related-content li a")]
    assert titles[0] == "人才公寓管理办法"
    assert re.search("相关内容", html)
