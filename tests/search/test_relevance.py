"""Relevance over the fixed corpus: each query's must-find documents are in its top 10."""

import pytest

from search.engine import SearchRequest, run_search

# query -> slugs that must appear in the first ten results
RELEVANCE = {
    "贷款": ["c1", "c3", "n2", "n4", "n5", "p2", "p8"],
    "小微": ["n1", "n2", "n4", "p1"],
    "担保": ["p2", "p8", "c4"],
    "科技": ["n3", "p3", "c3"],
    "信用贷款": ["c1"],
    "首贷": ["n5", "p6"],
    "续贷": ["p6"],
    "知识产权质押": ["p3"],
    "专精特新": ["p5", "n3"],
    "供应链金融": ["p9"],
    "普惠金融": ["p1"],
    "税收优惠": ["p4"],
    "研发费用加计扣除": ["p10"],
    "贴息": ["p7", "p8"],
    "技术改造": ["p7"],
    "外贸企业": ["n6", "c4"],
    "乡村振兴": ["c2", "p11"],
    "绿色金融": ["n9"],
    "风险补偿": ["p2"],
    "银企对接": ["n7"],
    "融资担保": ["c4", "n8"],
    "应收账款": ["c5", "p9"],
    "创业担保贷款": ["p8"],
    "所得税": ["p4"],
    "小微企业金融服务": ["n1", "p1"],
    "科技型中小企业": ["n3", "p3"],
    "工商银行": ["n3", "c1", "c5"],
    "中国人民银行": ["p1", "p6", "p11"],
    "风险排查": ["n8"],
    "质押": ["p3", "c3", "c5"],
    "首笔贷款": ["n5", "c3"],
    "制造业": ["p7", "n4"],
    "新能源汽车": ["n9"],
    "宣传月": ["n1"],
    "春耕": ["c2"],
    "订单": ["c1", "n6"],
    "小微 贷款": ["n2", "n4"],
    "贷款 担保": ["p2", "p8"],
    "企业所得税优惠": ["p4"],
    "中小企业融资": ["p3"],
    # as visitors type them: short names and synonyms (the seeded synonym table)
    "工行": ["n3", "c1", "c5"],
    "中国工商银行": ["n3", "c1", "c5"],
    "建行": ["n6"],
    "农商行": ["n10"],
    "人行": ["p1", "p6", "p11"],
}


def test_relevance_set_is_large_enough():
    assert len(RELEVANCE) >= 30


@pytest.mark.django_db
def test_recall_at_10_and_mrr_over_the_relevance_set(corpus, capsys):
    recalls, reciprocal_ranks, misses = [], [], []
    for query, expected in RELEVANCE.items():
        ranked = [hit.page.slug for hit in run_search(SearchRequest(q=query)).hits]
        found = [slug for slug in expected if slug in ranked]
        recalls.append(len(found) / len(expected))
        first = min((ranked.index(slug) for slug in found), default=None)
        reciprocal_ranks.append(0 if first is None else 1 / (first + 1))
        misses.extend(f"{query}→{slug}" for slug in expected if slug not in ranked)
    recall = sum(recalls) / len(recalls)
    mrr = sum(reciprocal_ranks) / len(reciprocal_ranks)
    with capsys.disabled():
        print(f"\nrelevance: {len(RELEVANCE)} queries, recall@10 = {recall:.3f}, MRR = {mrr:.3f}, misses: {misses}")
    assert recall >= 0.95, misses
