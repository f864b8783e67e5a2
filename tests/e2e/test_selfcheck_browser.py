"""企业自检 in real chromium: a visitor fills in the 专精特新 self-check and reads which criteria fail and why."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_visitor_runs_the_srts_self_check(live_server, page, home):
    page.goto(f"{live_server.url}/selfcheck/")
    form = page.locator("#srts form")
    form.get_by_label("成立年份").fill(str(timezone.localdate().year - 6))
    form.get_by_label("从业人员（人）").fill("120")
    form.get_by_label("上年度营业收入（万元）").fill("3000")
    form.get_by_label("上年度研发费用（万元）").fill("60")
    form.get_by_label("主营业务收入占营业收入比重（%）").fill("80")
    form.get_by_label("近2年主营业务收入平均增长率（%）").fill("8")
    form.get_by_label("I类知识产权（发明专利等）数量").fill("1")
    form.get_by_role("button", name="开始自检").click()
    result = page.locator("#srts-result")
    expect(result).to_contain_text("尚有条件未达到")
    expect(result.locator("tr.fail")).to_have_count(1)
    expect(result.locator("tr.fail")).to_contain_text("研发投入")
    expect(result.locator("tr.fail")).to_contain_text("占营业收入 2.00%")
    expect(form.get_by_label("上年度研发费用（万元）")).to_have_value("60")  # the answers stay in the form
