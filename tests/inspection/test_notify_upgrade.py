"""After the upgrade to the notify-once ledger nobody is messaged again about what they were already told: the
data migrations turn ProfileReminder rows, holiday warnings, Escalation rows, ChannelFreshness.notified_state,
Consultation.is_overdue and the finance ``…_overdue_at`` fields into ledger keys the jobs recognise."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from consultations.models import BoardPost, Consultation
from consultations.tasks import flag_overdue_consultations
from finance_market.tasks import scan_overdue
from inspection.freshness import check_freshness
from inspection.models import ChannelFreshness, FreshnessState
from inspection.tasks import daily_inspection
from members.models import Message
from members.tasks import remind_profile_updates
from members.workdays import warn_missing_schedule
from tests.consultations.conftest import people  # noqa: F401 (fixture)
from tests.factories import NewsPageFactory
from tests.factories.consultations import BoardPostFactory, ConsultationFactory
from tests.factories.members import EnterpriseFactory
from tests.factories.users import UserFactory
from tests.finance_market.conftest import market, submit  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


class Rows:
    """A stand-in manager for a model the migration deletes: it only returns the rows given."""

    def __init__(self, rows):
        self.rows = rows

    def values_list(self, *fields, **_kw):
        return [tuple(getattr(row, f) for f in fields) for row in self.rows]

    def all(self):
        return self.rows

    def select_related(self, *_a):
        return self.rows


class Apps:
    """The migration's ``apps``: today's models, plus stand-ins for the deleted ones."""

    def __init__(self, **deleted):
        self.deleted = deleted

    def get_model(self, app_label, name):
        if name in self.deleted:
            return SimpleNamespace(objects=Rows(self.deleted[name]))
        return current_apps.get_model(app_label, name)


def migration(name):
    return importlib.import_module(name)


def test_enterprises_reminded_and_admins_warned_before_the_upgrade_are_not_messaged_again():
    enterprise = EnterpriseFactory(certified=True)
    admin = UserFactory(is_superuser=True)
    Message.objects.create(recipient=admin, title="请录入2027年法定节假日安排")
    reminder = SimpleNamespace(enterprise_id=enterprise.pk, period="2026H2")
    migration("members.migrations.0008_notify_ledger_and_alert_preferences").seed_ledger(
        Apps(ProfileReminder=[reminder]), None)

    assert remind_profile_updates(today=datetime.date(2026, 8, 1)) == 0
    warn_missing_schedule(today=datetime.date(2026, 12, 1))
    assert Message.objects.filter(recipient=enterprise.account).count() == 0
    assert Message.objects.filter(recipient=admin, title__contains="2027").count() == 1


def test_reported_consultations_escalations_and_channels_are_not_messaged_again(people, pbc, superuser):  # noqa: F811
    old = timezone.now() - datetime.timedelta(days=30)
    consultation = ConsultationFactory(enterprise=people.enterprise_a, institution=people.bank_a)
    Consultation.objects.filter(pk=consultation.pk).update(waiting_since=old, is_overdue=True)
    post = BoardPostFactory(title="旧留言")
    BoardPost.objects.filter(pk=post.pk).update(created_at=old)
    article = NewsPageFactory(parent=pbc.page)
    Page.objects.filter(pk=article.pk).update(first_published_at=old)
    check_freshness()  # creates the channel's setting row
    ChannelFreshness.objects.filter(page=pbc.page).update(notified_state=FreshnessState.OVERDUE)
    Message.objects.all().delete()
    escalation = SimpleNamespace(content_type=ContentType.objects.get_for_model(BoardPost), object_id=str(post.pk))

    migration("consultations.migrations.0008_alert_preference_to_members_and_overdue_ledger").forward(
        Apps(AlertPreference=[]), None)
    migration("inspection.migrations.0004_escalations_and_freshness_to_ledger").forward(
        Apps(Escalation=[escalation]), None)

    assert flag_overdue_consultations() == 0
    assert daily_inspection() == {"channels": 0, "escalated": 0}
    assert not Message.objects.exists()


def test_overdue_loan_applications_and_notices_are_not_messaged_again(market):  # noqa: F811
    application = submit(market.ent_a, market.product_a)
    type(application).objects.filter(pk=application.pk).update(accept_due=datetime.date(2026, 1, 5),
                                                               accept_overdue_at=timezone.now())
    Message.objects.all().delete()
    migration("finance_market.migrations.0007_overdue_reports_to_ledger").seed_ledger(current_apps, None)
    type(application).objects.filter(pk=application.pk).update(accept_overdue_at=None)  # even if unflagged
    assert scan_overdue(today=datetime.date(2026, 1, 7)) == {"accept": 0, "decide": 0, "notice": 0}
    assert not Message.objects.exists()
