"""Lists that work in bulk: xlsx exports of applications, 反馈通知书 and 催办 as filtered (each bank only its own),
batch 受理 and 报送, filtering and sorting by deadline, and 已逾期 shown as soon as a deadline has passed."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from openpyxl import load_workbook

from finance_market import lifecycle
from finance_market.choices import ApplicationStatus as S
from finance_market.models import FeedbackNotice, LoanApplication
from tests.finance_market.conftest import submit

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/finance_market/loanapplication/"
NOTICES = "/admin/finance_market/feedbacknotice/"
URGES = "/admin/finance_market/urge/"


def _rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _signed(app, staff):
    lifecycle.apply_transition(app, "accept", staff)
    return lifecycle.apply_transition(app, "sign", staff, credit_amount=Decimal("500000"))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_bank_exports_its_applications_as_filtered_to_xlsx(client, market):
    waiting = submit(market.ent_a, market.product_a, amount=Decimal("1234500"))
    lifecycle.apply_transition(submit(market.ent_b, market.product_a), "accept", market.staff_a)
    other_bank = submit(market.ent_a, market.product_b)
    client.force_login(market.staff_a)
    rows = _rows(client.get(APPLICATIONS, {"status": "submitted", "export": "xlsx"}))
    assert "申请金额（万元）" in rows[0] and "当前办理期限" in rows[0]
    references = [row[0] for row in rows[1:]]
    assert references == [waiting.reference]  # filtered; the accepted one and the other bank's are not in it
    assert other_bank.reference not in references
    assert 123.45 in rows[1]


def test_supervisors_export_notices_and_urges(client, market):
    app = _signed(submit(market.ent_a, market.product_a), market.staff_a)
    lifecycle.urge(submit(market.ent_b, market.product_b), market.supervisor, "请尽快受理")
    client.force_login(market.supervisor)
    notices = _rows(client.get(NOTICES, {"export": "xlsx"}))
    assert notices[0][:3] == ["申请编号", "申请企业", "金融机构"] and notices[1][0] == app.reference
    urges = _rows(client.get(URGES, {"export": "xlsx"}))
    assert len(urges) == 2 and "请尽快受理" in urges[1]


def test_a_banks_export_of_notices_holds_only_its_own(client, market):
    mine = _signed(submit(market.ent_a, market.product_a), market.staff_a)
    _signed(submit(market.ent_a, market.product_b), market.staff_b)
    client.force_login(market.staff_a)
    assert [row[0] for row in _rows(client.get(NOTICES, {"export": "xlsx"}))[1:]] == [mine.reference]


def test_a_bank_accepts_several_applications_at_once(client, market):
    first, second = submit(market.ent_a, market.product_a), submit(market.ent_b, market.product_a)
    client.force_login(market.staff_a)
    page = client.get(APPLICATIONS).content.decode()
    assert 'form="batch-accept"' in page and "受理所选" in page
    response = client.post("/admin/market/batch/accept/", {"pk": [first.pk, second.pk], "next": APPLICATIONS})
    assert response["Location"] == APPLICATIONS
    assert set(LoanApplication.objects.values_list("status", flat=True)) == {S.ACCEPTED}
    assert "已受理 2 份申请。" in _messages(response)


def test_another_bank_cannot_batch_accept_an_application(client, market):
    theirs = submit(market.ent_a, market.product_a)
    client.force_login(market.staff_b)
    response = client.post("/admin/market/batch/accept/", {"pk": [theirs.pk]})
    assert response["Location"] == APPLICATIONS
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED
    assert _messages(response) == ["未处理：1 条不存在或无权处理"]


def test_supervisors_get_no_batch_accept(client, market):
    app = submit(market.ent_a, market.product_a)
    client.force_login(market.supervisor)
    assert "受理所选" not in client.get(APPLICATIONS).content.decode()
    response = client.post("/admin/market/batch/accept/", {"pk": [app.pk]})
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and "您无权" in _messages(response)[0]


def test_a_bank_reports_several_notices_at_once_and_one_already_reported_is_named(client, market):
    first = _signed(submit(market.ent_a, market.product_a), market.staff_a)
    second = _signed(submit(market.ent_b, market.product_a), market.staff_a)
    lifecycle.report_notice(second.feedback_notice, market.staff_a)
    client.force_login(market.staff_a)
    response = client.post("/admin/market/batch/report/", {
        "pk": [first.feedback_notice.pk, second.feedback_notice.pk], "next": f"{NOTICES}?state=unreported"})
    assert response["Location"] == f"{NOTICES}?state=unreported"
    assert not FeedbackNotice.objects.filter(reported_at__isnull=True).exists()
    assert _messages(response) == ["已报送 1 份反馈通知书。", f"未处理：{second.reference}：该通知书已报送。"]


def test_selecting_nothing_says_so(client, market):
    client.force_login(market.staff_a)
    assert _messages(client.post("/admin/market/batch/report/", {})) == ["请先勾选要处理的条目。"]


def test_an_application_is_overdue_the_day_after_its_deadline_before_the_hourly_job(client, market):
    late = submit(market.ent_a, market.product_a)
    on_time = submit(market.ent_b, market.product_a)
    LoanApplication.objects.filter(pk=late.pk).update(accept_due=_days_ago(1))  # the job has not flagged it
    late.refresh_from_db()
    assert late.accept_overdue_at is None and late.is_overdue and not on_time.is_overdue
    client.force_login(market.staff_a)
    page = client.get(APPLICATIONS, {"deadline": "overdue"}).content.decode()
    assert late.reference in page and on_time.reference not in page and "已逾期" in page


def test_waiting_for_the_enterprises_material_is_never_overdue(market):
    app = submit(market.ent_a, market.product_a)
    lifecycle.apply_transition(app, "accept", market.staff_a)
    app = lifecycle.apply_transition(app, "request_info", market.staff_a, note="请补充流水")
    LoanApplication.objects.filter(pk=app.pk).update(decide_due=_days_ago(3))
    app.refresh_from_db()
    assert not app.is_overdue and not LoanApplication.objects.overdue().exists()


def test_a_notice_past_its_due_date_is_listed_overdue_at_once(client, market):
    app = _signed(submit(market.ent_a, market.product_a), market.staff_a)
    FeedbackNotice.objects.filter(application=app).update(due_date=_days_ago(1))
    client.force_login(market.staff_a)
    page = client.get(NOTICES, {"state": "overdue"}).content.decode()
    assert app.reference in page and "已逾期" in page


def test_applications_sort_by_deadline(client, market):
    later, sooner = submit(market.ent_a, market.product_a), submit(market.ent_b, market.product_a)
    LoanApplication.objects.filter(pk=later.pk).update(accept_due=timezone.localdate() + datetime.timedelta(days=5))
    LoanApplication.objects.filter(pk=sooner.pk).update(accept_due=timezone.localdate())
    client.force_login(market.supervisor)  # no selection column: the deadline is the 8th column (o=7)
    page = client.get(APPLICATIONS, {"o": "7"}).content.decode()
    assert page.index(sooner.reference) < page.index(later.reference)
    page = client.get(APPLICATIONS, {"o": "-7"}).content.decode()
    assert page.index(later.reference) < page.index(sooner.reference)
    today = client.get(APPLICATIONS, {"deadline": "today"}).content.decode()
    assert sooner.reference in today and later.reference not in today
