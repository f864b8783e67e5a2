"""企查 self-checks (F-LIST-6): public, server-side, nothing stored."""

from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import Page

from home.selfcheck import check_srts
from tests.factories.pages import PolicyPageFactory

URL = "/selfcheck/"

pytestmark = pytest.mark.django_db


def _srts(**overrides):
    data = {"check": "srts", "srts-established_year": str(timezone.localdate().year - 5), "srts-headcount": "86",
            "srts-revenue_wan": "3200", "srts-rd_wan": "150", "srts-main_share": "85", "srts-growth": "12",
            "srts-patents": "2"}
    return {**data, **overrides}


def _verdicts(response):
    return {criterion.name: criterion.passed for criterion in response.context["criteria"]}


def test_page_answers_anonymous_visitors_without_storing_anything(client, home):
    tables = {model: model.objects.count() for model in (Page,)}
    response = client.get(URL, _srts())
    assert response.status_code == 200
    assert "各项条件均已达到" in response.content.decode()
    assert all(_verdicts(response).values())
    assert {model: model.objects.count() for model in tables} == tables
    assert "sessionid" not in response.cookies


def test_each_failing_criterion_is_named_with_the_reason(client, home):
    response = client.get(URL, _srts(**{"srts-rd_wan": "60", "srts-established_year":
                                        str(timezone.localdate().year - 1)}))
    verdicts = _verdicts(response)
    assert verdicts["研发投入"] is False and verdicts["从事细分市场年限"] is False
    assert verdicts["营业收入"] is True
    body = response.content.decode()
    assert "尚有条件未达到" in body and "占营业收入 1.88%" in body and "不符合" in body


def test_rd_share_below_three_percent_fails_even_with_enough_rd_money():
    data = {"established_year": 2010, "headcount": 500, "revenue_wan": Decimal(10000), "rd_wan": Decimal(200),
            "main_share": Decimal(90), "growth": Decimal(10), "patents": 3}
    rd = next(c for c in check_srts(data) if c.name == "研发投入")
    assert not rd.passed and "2.00%" in rd.reason


def test_thresholds_come_from_settings(client, home, settings):
    settings.SRTS_THRESHOLDS = {"min_patents": 5}
    assert _verdicts(client.get(URL, _srts()))["自主知识产权"] is False


def test_bad_answers_get_chinese_errors_and_keep_what_was_typed(client, home):
    response = client.get(URL, _srts(**{"srts-main_share": "150", "srts-established_year": "3000"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "成立年份不能晚于今年" in body and 'value="86"' in body and response.context["criteria"] is None


def test_loan_check_hands_the_answers_to_market_matching(client, home):
    body = client.get(URL).content.decode()
    assert 'action="/market/match/"' in body and 'name="amount"' in body and 'name="term_months"' in body
    response = client.get("/market/match/", {"amount": "100", "term_months": "12", "purpose": "购置设备"})
    assert response.status_code == 302 and "term_months%3D12" in response["Location"]


def test_policy_check_lists_live_policies_tagged_for_the_size_or_industry(client, policy_index):
    small = PolicyPageFactory(parent=policy_index, title="小微企业贷款贴息")
    small.tags.add("小微企业")
    small.save_revision().publish()
    tech = PolicyPageFactory(parent=policy_index, title="技术改造补助")
    tech.tags.add("技术改造")
    tech.save_revision().publish()
    other = PolicyPageFactory(parent=policy_index, title="供应链金融指引")
    other.tags.add("供应链金融")
    other.save_revision().publish()
    draft = PolicyPageFactory(parent=policy_index, title="未发布政策", live=False)
    draft.tags.add("小微企业")
    draft.save_revision()
    from members.models import Industry

    response = client.get(URL, {"check": "policy", "policy-industry": Industry.objects.get(code="C").pk,
                                "policy-size": "small"})
    titles = [policy.title for policy, _tags in response.context["policies"]]
    assert sorted(titles) == ["小微企业贷款贴息", "技术改造补助"]
    assert small.url in response.content.decode()
