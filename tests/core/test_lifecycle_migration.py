"""The data migrations of issue 21: ApplicationEvent and StatusChange rows written with the OLD models (the
historical ones, before the migrations) all arrive in the one history table with the same facts and order."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.models import LifecycleEvent
from finance_market import lifecycle as market_lifecycle
from finance_market.models import LoanApplication
from tests.factories.consultations import BoardPostFactory, ComplaintFactory, ConsultationFactory
from tests.factories.members import EnterpriseFactory, InstitutionFactory
from tests.factories.users import UserFactory

BEFORE = [("site_portal", "0004_footer_and_disclosure_fields"), ("finance_market", "0004_report_covering_index"),
          ("consultations", "0005_experts_and_direct_appeals")]
FACTS = ("action", "from_status", "to_status", "actor_id", "note", "created_at")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


LATER = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)  # after the rows made today


def at(minute):
    return LATER + datetime.timedelta(minutes=minute)


@pytest.mark.django_db(transaction=True)
def test_old_history_rows_move_into_the_one_table_with_their_facts_and_order():
    bank_user = UserFactory(username="banker")
    enterprise = EnterpriseFactory(certified=True)
    application = market_lifecycle.submit(
        enterprise=enterprise, institution=InstitutionFactory(), by=enterprise.account, amount=Decimal("1000000"),
        term_months=12, purpose="补充流动资金", contact_person="张三", contact_phone="13800000000")
    consultation = ConsultationFactory(enterprise=enterprise)
    post = BoardPostFactory()
    complaint = ComplaintFactory(author=enterprise.account)
    try:
        old = migrate(BEFORE)
        ApplicationEvent = old.get_model("finance_market", "ApplicationEvent")
        StatusChange = old.get_model("consultations", "StatusChange")
        # what the migration back put in the old tables: the "submit" rows written by today's code
        assert ApplicationEvent.objects.filter(application_id=application.pk, action="submit").count() == 1
        assert StatusChange.objects.filter(action="submit").count() == 3

        ApplicationEvent.objects.create(application_id=application.pk, action="accept", from_status="submitted",
                                        to_status="accepted", actor_id=bank_user.pk, note="受理", created_at=at(5))
        # two steps in the same instant: the id decides their order, before and after
        for action, to_status in (("request_info", "info_requested"), ("resubmit", "resubmitted")):
            ApplicationEvent.objects.create(application_id=application.pk, action=action, from_status="accepted",
                                            to_status=to_status, actor_id=None, note=action, created_at=at(7))
        keys = {}
        for obj, action, minute in ((consultation, "accept", 6), (consultation, "reply", 8), (post, "approve", 9),
                                    (complaint, "accept", 10)):
            keys[(obj.pk, action)] = uuid.uuid4()
            change = StatusChange.objects.create(
                content_type_id=ContentType.objects.get_for_model(obj).pk, object_id=obj.pk, action=action,
                from_status="submitted", to_status="accepted", actor_id=bank_user.pk, note=f"{action} 说明",
                submission_key=keys[(obj.pk, action)])
            StatusChange.objects.filter(pk=change.pk).update(created_at=at(minute))  # auto_now_add otherwise

        def old_facts(queryset, object_field):
            facts = {}
            for row in queryset.order_by("created_at", "pk"):
                facts.setdefault(getattr(row, object_field), []).append(tuple(getattr(row, f) for f in FACTS))
            return facts

        expected_applications = old_facts(ApplicationEvent.objects.all(), "application_id")
        expected_items = {}
        for change in StatusChange.objects.order_by("created_at", "pk"):
            expected_items.setdefault((change.content_type_id, change.object_id), []).append(
                (*(getattr(change, f) for f in FACTS), change.submission_key))
        assert len(expected_applications[application.pk]) == 4

        migrate(latest())
    finally:
        migrate(latest())

    def new_facts(obj, with_key=False):
        rows = LifecycleEvent.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        return [(*(getattr(e, f) for f in FACTS), *((e.submission_key,) if with_key else ()))
                for e in rows.order_by("created_at", "pk")]

    assert new_facts(application) == expected_applications[application.pk]
    assert [f[0] for f in new_facts(application)] == ["submit", "accept", "request_info", "resubmit"]
    for obj in (consultation, post, complaint):
        content_type = ContentType.objects.get_for_model(obj)
        assert new_facts(obj, with_key=True) == expected_items[(content_type.pk, obj.pk)]
    assert LifecycleEvent.objects.count() == 4 + sum(len(rows) for rows in expected_items.values())
    assert LifecycleEvent.objects.get(submission_key=keys[(consultation.pk, "reply")]).created_at == at(8)
    # the marketplace reads the moved rows as its own history
    assert list(LoanApplication.objects.get(pk=application.pk).events.values_list("note", flat=True)) == [
        "", "受理", "request_info", "resubmit"]
