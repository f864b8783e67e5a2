"""The Wagtail admin forms the front office's content comes from (a bank's product, a department's news and
policy) answer a mistake in the same precise Chinese as the front-office forms (issue 19): the field's name, what
is wrong, the unit; never Django's "必需字段", "输入一个数字。" or "确认总共不超过 14 个数字."; and what the editor
typed is still there."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from finance_market.models import LoanProductPage
from finance_market.setup import setup_bank
from policies.models import NewsPage, PolicyPage
from tests.factories.market import BankIndexPageFactory

pytestmark = pytest.mark.django_db

GENERIC = ["必需字段", "这个字段是必填项", "输入一个数字", "输入整数", "确认总共", "确保该值", "确保该变量",
           "选择一个有效的选项", "输入一个有效的日期", "有效“字段”", "This field"]


def _errors(response):
    assert response.status_code == 200  # the form again, nothing saved
    soup = BeautifulSoup(response.content, "html.parser")
    messages = {p.get_text(" ", strip=True) for p in soup.select(".error-message")}
    html = response.content.decode()
    assert not [text for text in GENERIC if text in html], [text for text in GENERIC if text in html]
    return messages, soup


def test_a_product_with_mistakes_is_answered_precisely(client, superuser, home, cast):
    bank_page = setup_bank(cast.bank_a, BankIndexPageFactory(parent=home))
    client.force_login(superuser)
    data = nested_form_data({
        "title": "", "slug": "科创 贷", "product_type": "credit", "target_customers": "",
        "amount_min": "十万", "amount_max": "123456789012345", "term_min": "0", "term_max": "1.5",
        "rate_min": "-3", "rate_max": "4.35", "guarantee_methods": [], "repayment_methods": ["interest_first"],
        "eligible_sizes": [], "features": rich_text(""), "process": rich_text(""), "materials": rich_text(""),
        "sort_order": "100",
        "form_fields": inline_formset([{"label": "", "field_type": "text", "required": "on", "help_text": ""}]),
        "action-publish": "publish",
    })
    messages, soup = _errors(client.post(f"/admin/pages/add/finance_market/loanproductpage/{bank_page.pk}/", data))
    assert messages >= {
        "请填写标题", "请填写适用对象", "最低额度须为数字，单位元", "最高额度最多 12 位整数、2 位小数",
        "最长期限须为整数，单位月", "请选择担保方式", "缩略名只能由汉字、字母、数字、下划线或连字符组成，不能有空格",
        "请填写字段名称",
    }
    assert soup.select_one("input[name=amount_min]")["value"] == "十万"  # the input is kept
    assert not LoanProductPage.objects.exists()


def test_a_product_out_of_range_is_told_its_range(client, superuser, home, cast):
    bank_page = setup_bank(cast.bank_a, BankIndexPageFactory(parent=home))
    client.force_login(superuser)
    data = nested_form_data({
        "title": "科创贷", "slug": "kechuang", "product_type": "credit", "target_customers": "科技型企业",
        "amount_min": "-1", "amount_max": "3000000", "term_min": "0", "term_max": "36",
        "rate_min": "-3", "rate_max": "120", "guarantee_methods": ["credit"], "repayment_methods": [],
        "eligible_sizes": [], "features": rich_text(""), "process": rich_text(""), "materials": rich_text(""),
        "sort_order": "100", "form_fields": inline_formset([]), "action-publish": "publish",
    })
    messages, _soup = _errors(client.post(f"/admin/pages/add/finance_market/loanproductpage/{bank_page.pk}/", data))
    assert messages >= {"最低额度不能为负数。", "最短期限至少 1 个月。", "最低年利率须在 0 至 100（%）之间。",
                        "最高年利率须在 0 至 100（%）之间。"}


def test_news_with_mistakes_is_answered_precisely(client, superuser, news_index):
    client.force_login(superuser)
    data = nested_form_data({
        "title": "", "slug": "news-1", "category": "bogus", "date": "2026-13-45", "source": "来" * 101,
        "summary": "摘" * 501, "is_pinned": "", "body": streamfield([]), "action-publish": "publish",
    })
    response = client.post(f"/admin/pages/add/policies/newspage/{news_index.pk}/", data)
    messages, soup = _errors(response)
    # Wagtail's own banner and its link, which its zh_Hans catalogue leaves in English (locale/zh_Hans)
    assert "页面未能创建：有内容填写有误，请按提示修改。" in soup.get_text() and "转到第一处错误" in soup.get_text()
    assert "validation errors" not in response.content.decode()  # the preview panel's notice too
    assert messages >= {"请填写标题", "请从列表中选择分类", "发布日期须为日期，如 2026-11-04",
                        "来源最多 100 个字（现在 101 个）", "摘要最多 500 个字（现在 501 个）"}
    assert not NewsPage.objects.exists()


def test_a_policy_with_mistakes_is_answered_precisely(client, superuser, policy_index):
    client.force_login(superuser)
    data = nested_form_data({
        "title": "关于支持小微企业的通知", "slug": "xiaowei", "date": "昨天", "issuing_authority": "",
        "document_number": "文" * 101, "level": "", "policy_type": "", "tags": "", "summary": "", "source": "",
        "apply_url": "不是网址", "body": streamfield([]), "interpretation": streamfield([]),
        "attachments": inline_formset([{"title": "", "document": ""}]),
        "action-publish": "publish",
    })
    messages, _soup = _errors(client.post(f"/admin/pages/add/policies/policypage/{policy_index.pk}/", data))
    assert messages >= {"发布日期须为日期，如 2026-11-04", "请填写发文机关", "文号最多 100 个字（现在 101 个）",
                        "请选择政策类型", "请选择文件", "立即申报链接不是有效的网址，如 https://www.example.cn"}
    assert not PolicyPage.objects.exists()
