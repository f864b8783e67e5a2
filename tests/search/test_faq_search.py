"""FAQ entries (a plain model, not a page) in the site-wide /search/ and its suggestions."""

import re

import pytest

from search.models import SearchDocument
from tests.factories import NewsPageFactory
from tests.factories.consultations import FAQCategoryFactory, FAQFactory


def hits(response):
    """[(href, title text)] of the result list."""
    html = response.content.decode()
    return [(href, re.sub(r"<[^>]+>", "", title)) for href, title in
            re.findall(r'class="search-hit__title"><a href="([^"]+)">(.*?)</a>', html)]


@pytest.fixture
def faqs(db):
    loans = FAQCategoryFactory(name="贷款申请")
    return {
        "materials": FAQFactory(category=loans, question="申请信用贷款需要准备哪些材料？",
                                answer="营业执照、近两年财务报表和纳税证明。"),
        "guarantee": FAQFactory(category=loans, question="没有抵押物怎么办？",
                                answer="可以申请政府性融资担保机构的担保服务。"),
        "draft": FAQFactory(category=loans, question="内部草稿：贷款审批口径", answer="尚未公开的贷款说明。",
                            is_published=False),
    }


def test_faq_found_by_chinese_word_in_question_or_answer_links_to_its_place(client, faqs):
    by_question = hits(client.get("/search/", {"q": "信用贷款"}))
    assert by_question == [(f"/consult/faq/#faq-entry-{faqs['materials'].pk}", "申请信用贷款需要准备哪些材料？")]
    by_answer = hits(client.get("/search/", {"q": "担保"}))  # a two-character word inside the answer
    assert by_answer == [(f"/consult/faq/#faq-entry-{faqs['guarantee'].pk}", "没有抵押物怎么办？")]
    page = client.get("/consult/faq/").content.decode()
    assert f'id="faq-entry-{faqs["materials"].pk}"' in page  # the link's target exists


def test_faq_is_an_option_of_the_type_facet_and_narrows(client, news_index, faqs):
    NewsPageFactory(parent=news_index, slug="loan-news", title="银行推出新型信用贷款产品")
    response = client.get("/search/", {"q": "信用贷款"})
    html = response.content.decode()
    assert re.search(r'常见问题 <span class="count">1</span>', html)
    assert re.search(r'新闻 <span class="count">1</span>', html)
    narrowed = hits(client.get("/search/", {"q": "信用贷款", "type": "faq"}))
    assert [title for _href, title in narrowed] == ["申请信用贷款需要准备哪些材料？"]


def test_title_only_search_looks_at_the_question(client, faqs):
    assert hits(client.get("/search/", {"q": "担保", "field": "title"})) == []  # only in the answer
    assert len(hits(client.get("/search/", {"q": "抵押物", "field": "title"}))) == 1


def test_unpublished_faq_never_appears_and_unpublishing_removes_it(client, faqs):
    assert SearchDocument.objects.filter(type="faq", object_id=faqs["draft"].pk, visible=False).exists()
    html = client.get("/search/", {"q": "贷款"}).content.decode()
    assert "内部草稿" not in html
    assert client.get("/search/suggest/", {"q": "审批口径"}).json()["pages"] == []
    faqs["materials"].is_published = False
    faqs["materials"].save()
    assert hits(client.get("/search/", {"q": "信用贷款"})) == []


def test_edits_and_deletions_update_the_index_at_once(client, faqs):
    faq = faqs["guarantee"]
    faq.question = "没有抵押物能否用知识产权质押？"
    faq.save()
    assert [t for _h, t in hits(client.get("/search/", {"q": "知识产权"}))] == ["没有抵押物能否用知识产权质押？"]
    link = f"#faq-entry-{faq.pk}"
    faq.delete()
    assert not [href for href, _t in hits(client.get("/search/", {"q": "知识产权"})) if href.endswith(link)]
    assert not SearchDocument.objects.filter(type="faq", object_id=faq.pk).exists()


def test_suggest_offers_faq_questions_with_their_link(client, faqs):
    pages = client.get("/search/suggest/", {"q": "信用贷款"}).json()["pages"]
    assert pages == [{"title": "申请信用贷款需要准备哪些材料？",
                      "title_html": "申请<mark>信用贷款</mark>需要准备哪些材料？",
                      "url": f"/consult/faq/#faq-entry-{faqs['materials'].pk}", "type": "常见问题"}]
