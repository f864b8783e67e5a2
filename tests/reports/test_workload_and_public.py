"""Staff workload per user and period; the public 数据概览 and the home-page counters."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from consultations import lifecycle as consultations_lifecycle
from consultations.models import ConsultationReply
from finance_market import lifecycle
from reports import overview, periods
from reports.workload import workload
from tests.factories import NewsIndexPageFactory, NewsPageFactory, PolicyIndexPageFactory, PolicyPageFactory
from tests.factories.consultations import ConsultationFactory
from tests.factories.members import EnterpriseFactory
from tests.finance_market.conftest import submit
from tests.reports.conftest import W


def this_month():
    return periods.from_params({})


@pytest.mark.django_db
def test_workload_counts_published_reviewed_answered_and_handled_per_user(data, django_user_model):
    editor = data.level1
    news = NewsIndexPageFactory(parent=data.index.get_parent(), slug="news-w")
    article = NewsPageFactory(parent=news, title="稿件", live=False)
    article.save_revision(user=editor).publish(user=editor)
    draft = NewsPageFactory(parent=news, title="待审稿件", live=False)
    task = GroupApprovalTask.objects.create(name="审核")
    workflow = Workflow.objects.create(name="发布审核")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    draft.save_revision(user=editor)
    state = workflow.start(draft, editor)
    reviewer = django_user_model.objects.create_superuser("reviewer", "r@example.cn", "Review#2026")
    state.current_task_state.approve(user=reviewer)
    consultation = ConsultationFactory(institution=data.bank_a)
    ConsultationReply.objects.create(consultation=consultation, author=data.staff_a, from_handler=True, body="答复")
    application = submit(data.ent_a, data.product_a)
    lifecycle.apply_transition(application, "accept", data.staff_a)
    lifecycle.apply_transition(application, "sign", data.staff_a, credit_amount=50 * W)
    other = submit(data.ent_b, data.product_b)
    lifecycle.apply_transition(other, "accept", data.staff_b)

    rows = {row["username"]: row for row in workload(this_month())}
    staff_a, staff_b = rows[data.staff_a.username], rows[data.staff_b.username]
    assert rows[editor.username]["published"] == 1
    assert (rows["reviewer"]["reviewed"], rows["reviewer"]["published"]) == (1, 1)  # approval publishes
    assert (staff_a["answered"], staff_a["handled"], staff_a["total"]) == (1, 2, 3)
    assert staff_b["handled"] == 1
    assert workload(periods.month(2020, 1)) == []  # an empty period
    own = {row["username"] for row in workload(this_month(), users=django_user_model.objects.filter(
        groups=data.bank_a.group))}
    assert own == {data.staff_a.username}


@pytest.mark.django_db
def test_workload_counts_only_steps_on_applications_as_handled(data):
    """Consultations share the one history table; a bank's 受理 of a consultation is not a loan handled."""
    consultation = ConsultationFactory(institution=data.bank_a)
    consultations_lifecycle.apply(consultation, "accept", data.staff_a)
    assert "staff_a" not in {row["username"] for row in workload(this_month())}


@pytest.mark.django_db
def test_bank_workload_page_lists_only_its_own_staff(client, data):
    application = submit(data.ent_b, data.product_b)
    lifecycle.apply_transition(application, "accept", data.staff_b)
    lifecycle.apply_transition(submit(data.ent_a, data.product_a), "accept", data.staff_a)
    client.force_login(data.staff_a)
    html = client.get("/admin/statistics/workload/").content.decode()
    assert data.staff_a.username in html and data.staff_b.username not in html
    client.force_login(data.level1)
    assert data.staff_b.username in client.get("/admin/statistics/workload/").content.decode()


@pytest.fixture
def public_site(data):
    home = data.index.get_parent()
    policies = PolicyIndexPageFactory(parent=home, slug="policies-p")
    PolicyPageFactory(parent=policies, title="小微企业贴息政策")
    PolicyPageFactory(parent=policies, title="首贷奖励办法")
    EnterpriseFactory(name="未认证的新企业")
    return data


@pytest.mark.django_db
def test_home_counters_are_computed_once_then_read_from_the_cache(client, public_site):
    cache.clear()
    counters = overview.home_counters()
    # 甲, 乙, 待认证 of the market + 丙, 丁, 戊 + the new one; 甲/乙 banks; 2 products; 2 policies
    assert (counters["enterprises"], counters["institutions"], counters["products"], counters["policies"]) == (
        7, 2, 2, 2)
    assert Decimal(counters["signed_amount_wan"]) == 530  # T1 80 + T7 150 + T4 300 (no credit recorded: amount)
    with CaptureQueriesContext(connection) as queries:
        again = overview.home_counters()
    assert again == counters and len(queries) == 0
    EnterpriseFactory(name="又一家企业")
    assert overview.home_counters()["enterprises"] == 7  # cached until PORTAL_OVERVIEW_CACHE_SECONDS pass
    html = client.get("/").content.decode()
    assert 'data-counter="enterprises">7<' in html and 'data-counter="signed_amount">530.00<' in html
    assert 'href="/data/"' in html


@pytest.mark.django_db
def test_public_data_overview_shows_counters_rates_and_charts(client, public_site):
    cache.clear()
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "数据概览" in html and 'data-counter="policies">2<' in html
    assert 'id="success-rate">42.9%<' in html  # 3 signed of 7 applications
    assert "/static/statistics/vendor/chartjs/chart.umd.js" in html and "cdn" not in html.lower()
    assert 'id="chart-industry"' in html and "城关街道" in html
    assert "13800000000" not in html and "甲企业" not in html  # no enterprise or contact is named
    with CaptureQueriesContext(connection) as queries:
        client.get("/data/")
    assert not any("loanapplication" in q["sql"] for q in queries.captured_queries)  # figures come from the cache


@pytest.mark.django_db
def test_public_figures_come_from_the_snapshot_the_schedule_refreshes(public_site):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="reports.overview.refresh_overview").exists()
    cache.clear()
    overview.refresh_overview()
    EnterpriseFactory(name="新注册企业")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        counters = overview.home_counters()
    assert counters["enterprises"] == 7 and len(queries) == 1  # the snapshot row, no aggregate
    overview.refresh_overview()  # what the django-q2 schedule runs every 10 minutes
    assert overview.home_counters()["enterprises"] == 8
