"""One overdue path for consultations, at one deadline: the admin-editable 互动答复时限 (网站检查设置). The
consultations' overdue job reports it; the inspection's daily escalation lists it but does not message again."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Site

from consultations.models import Consultation
from consultations.tasks import flag_overdue_consultations
from inspection import interaction
from inspection.models import InspectionSettings
from inspection.tasks import daily_inspection
from members.models import Message
from tests.factories.consultations import ConsultationFactory

pytestmark = pytest.mark.django_db

MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def admin_sets_answer_days(days):
    InspectionSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True),
                                                defaults={"interaction_working_days": days})


def overdue_messages(user):
    return list(Message.objects.filter(recipient=user, title__contains="超时未答复").values_list("title", flat=True))


def test_an_overdue_consultation_is_messaged_once_per_recipient_after_both_jobs_at_the_admin_deadline(people):
    admin_sets_answer_days(4)  # due Friday (Mon + 4 working days), overdue from the next Monday
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a, title="迟迟未答复")
    Consultation.objects.filter(pk=consultation.pk).update(waiting_since=MONDAY)

    assert flag_overdue_consultations(now=MONDAY + datetime.timedelta(days=4)) == 0  # Friday: still in time
    assert overdue_messages(people.bank_a_user) == [] and overdue_messages(people.level1) == []

    next_monday = MONDAY + datetime.timedelta(days=7)
    assert flag_overdue_consultations(now=next_monday) == 1
    daily_inspection()
    flag_overdue_consultations(now=next_monday + datetime.timedelta(hours=1))
    daily_inspection()

    assert overdue_messages(people.bank_a_user) == ["咨询超时未答复：迟迟未答复"]
    assert overdue_messages(people.level1) == ["咨询超时未答复：迟迟未答复"]
    [item] = interaction.overdue_items(days=4)
    assert item.obj == consultation and item.escalated  # the inspection panel shows it as reported


def test_the_inspection_alone_does_not_message_an_overdue_consultation(people):
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    Consultation.objects.filter(pk=consultation.pk).update(waiting_since=timezone.now() - datetime.timedelta(days=30))
    assert daily_inspection()["escalated"] == 0
    assert overdue_messages(people.level1) == []
    [item] = interaction.overdue_items(days=5)
    assert item.obj == consultation and not item.escalated  # listed, waiting for the consultations' job
