"""Overdue consultations (django-q2 schedule) and the public FAQ."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import Site

from consultations import deadlines, lifecycle
from consultations.models import Consultation
from consultations.tasks import SCHEDULE_NAME, flag_overdue_consultations
from inspection.models import InspectionSettings
from members.models import Message
from tests.factories.consultations import ConsultationFactory, FAQCategoryFactory, FAQFactory

pytestmark = pytest.mark.django_db

MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture(autouse=True)
def three_working_days(db):
    """The answer deadline is the admin-editable 互动答复时限 (网站检查设置); these tests use 3 working days."""
    site = Site.objects.get(is_default_site=True)
    InspectionSettings.objects.update_or_create(site=site, defaults={"interaction_working_days": 3})


def waiting_since(consultation, when):
    Consultation.objects.filter(pk=consultation.pk).update(waiting_since=when)


def test_working_days_skip_the_weekend():
    friday = datetime.date(2026, 3, 6)
    assert deadlines.add_working_days(friday, 1) == datetime.date(2026, 3, 9)
    assert deadlines.add_working_days(friday, 3) == datetime.date(2026, 3, 11)


def test_working_days_skip_national_day_and_count_the_adjusted_saturday():
    """A question waiting since 30 September 2026 is due after 国庆: 8, 9 and the 调休 Saturday 10 October."""
    assert deadlines.add_working_days(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)


def test_unanswered_consultation_is_flagged_once_and_handlers_are_told_once(people):
    late = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a, title="迟迟未答复")
    fresh = ConsultationFactory(enterprise=people.enterprise_b, institution=people.bank_a, title="刚提交")
    waiting_since(late, MONDAY)
    waiting_since(fresh, MONDAY + datetime.timedelta(days=2))
    thursday_after = MONDAY + datetime.timedelta(days=3, hours=1)  # deadline Mon + 3 working days = Thursday
    assert flag_overdue_consultations(now=thursday_after) == 0
    friday = MONDAY + datetime.timedelta(days=4)
    assert flag_overdue_consultations(now=friday) == 1
    assert flag_overdue_consultations(now=friday + datetime.timedelta(hours=1)) == 0  # runs again: nothing new
    assert Consultation.objects.get(pk=late.pk).is_overdue
    assert not Consultation.objects.get(pk=fresh.pk).is_overdue
    assert Message.objects.filter(recipient=people.bank_a_user, title__contains="超时").count() == 1
    assert Message.objects.filter(recipient=people.level1, title__contains="超时").count() == 1


def test_a_reply_clears_the_overdue_flag_and_answered_ones_are_not_flagged(people):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    waiting_since(consultation, MONDAY)
    flag_overdue_consultations(now=MONDAY + datetime.timedelta(days=7))
    lifecycle.apply(consultation, "accept", people.bank_a_user)
    lifecycle.apply(consultation, "reply", people.bank_a_user, text="答复")
    consultation.refresh_from_db()
    assert not consultation.is_overdue and consultation.waiting_since is None
    assert flag_overdue_consultations(now=MONDAY + datetime.timedelta(days=30)) == 0


def test_the_schedule_exists_after_migrating(db):
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.func == "consultations.tasks.flag_overdue_consultations"


def test_faq_is_grouped_by_category_and_hides_unpublished_entries(client, db):
    loans = FAQCategoryFactory(name="贷款申请", sort_order=1)
    account = FAQCategoryFactory(name="账号注册", sort_order=2)
    FAQFactory(category=loans, question="申请贷款需要哪些材料？")
    FAQFactory(category=account, question="忘记密码怎么办？")
    FAQFactory(category=account, question="内部草稿问题", is_published=False)
    page = client.get("/consult/faq/").content.decode()
    assert page.index("贷款申请") < page.index("申请贷款需要哪些材料？") < page.index("账号注册")
    assert "忘记密码怎么办？" in page and "内部草稿问题" not in page


def test_faq_search_finds_chinese_words_inside_questions_and_answers(client, db):
    FAQFactory(question="信用贷款的额度是多少？", answer="一般不超过500万元。")
    FAQFactory(question="如何修改密码？", answer="在会员中心修改。")
    page = client.get("/consult/faq/", {"q": "额度"}).content.decode()
    assert "信用贷款的额度是多少？" in page and "如何修改密码？" not in page
    assert "会员中心" in client.get("/consult/faq/", {"q": "会员中心"}).content.decode()
    assert "没有找到与“抵押”相关的问题。" in client.get("/consult/faq/", {"q": "抵押"}).content.decode()
