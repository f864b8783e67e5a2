"""The shared analyzer, and the backend finding two-character words inside longer runs."""

import pytest
from wagtail.models import Page

from search.analysis import analyze, dictionary, query_words
from search.models import FinanceTerm
from tests.factories import NewsPageFactory, PolicyPageFactory


def test_every_two_character_word_of_a_run_is_indexed():
    tokens = analyze("中小微企业信用贷款").split()
    for word in ["小微", "贷款", "企业", "信用", "微企"]:
        assert word in tokens


def test_latin_and_digits_are_lowercase_words():
    assert {"lpr", "2026"} <= set(analyze("LPR下调，2026年").split())


def test_query_is_segmented_into_words_with_bigram_alternatives():
    words = query_words("小微企业贷款")
    assert [w.word for w in words] == ["小微企业", "贷款"]
    assert words[0].alternatives == ("小微", "微企", "企业")


def test_function_words_are_dropped_from_multi_word_queries():
    assert [w.word for w in query_words("小微企业的贷款")] == ["小微企业", "贷款"]


def test_characters_jieba_cannot_group_stay_together():
    assert [w.word for w in query_words("科创快贷")] == ["科创快贷"]


@pytest.fixture
def documents(news_index, policy_index):
    return {
        "credit": NewsPageFactory(parent=news_index, title="某公司获得信用贷款", summary=""),
        "sme": NewsPageFactory(parent=news_index, title="支持中小微企业发展", summary=""),
        "guarantee": PolicyPageFactory(parent=policy_index, title="融资担保代偿补偿办法"),
        "tech": NewsPageFactory(parent=news_index, title="高新技术企业认定", summary="",
                                body=[("paragraph", "<p>加快科技成果转化</p>")]),
        "other": NewsPageFactory(parent=news_index, title="文化旅游节开幕", summary=""),
    }


def _found(query, documents):
    pks = {page.pk for page in Page.objects.live().search(query)}
    return {name for name, page in documents.items() if page.pk in pks}


@pytest.mark.parametrize(
    ("query", "expected"),
    # 融资担保 is found for 贷款 through the seeded synonym group 贷款/借款/融资
    [("贷款", {"credit", "guarantee"}), ("小微", {"sme"}), ("担保", {"guarantee"}), ("科技", {"tech"})],
)
def test_wagtail_search_finds_two_character_words_inside_longer_text(documents, query, expected):
    assert _found(query, documents) == expected


def test_single_character_query_matches_at_the_end_of_a_run(documents):
    assert "credit" in _found("款", documents)


@pytest.fixture
def fresh_dictionary():
    yield
    dictionary.invalidate()  # the terms created in the test are rolled back


def test_dictionary_terms_edited_as_data_keep_words_whole(db, fresh_dictionary):
    assert [w.word for w in query_words("科创贷款")] != ["科创贷款"]
    FinanceTerm.objects.create(word="科创贷款", frequency=100000)
    assert [w.word for w in query_words("科创贷款")] == ["科创贷款"]
