"""django-q2 schedules keep working after the apps moved into their layer folders: every stored path names an
existing function, on a new database and on one whose schedules still name the old paths.

RESTRUCTURE_KEEP_OLD_PATHS: the layer restructure script leaves the old paths in this file alone.
"""

import importlib

import pytest
from django.apps import apps
from django.utils.module_loading import import_string
from django_q.models import Schedule

pytestmark = pytest.mark.django_db

# what databases migrated before the restructure hold (seed_demo's and the migrations' schedules)
OLD_PATHS = {
    "企业信息更新提醒": "site_portal.members.tasks.remind_profile_updates",
    "工作日：次年节假日安排检查": "site_portal.workdays.warn_missing_schedule",
    "inspection.daily": "site_portal.inspection.tasks.daily_inspection",
    "inspection.links": "site_portal.inspection.tasks.nightly_link_check",
    "statistics.prune_visitors": "site_portal.statistics.access.prune_visitors",
    "statistics.refresh_overview": "site_portal.statistics.overview.refresh_overview",
}
NEW_PATHS = {
    "企业信息更新提醒": "members.tasks.remind_profile_updates",
    "工作日：次年节假日安排检查": "members.workdays.warn_missing_schedule",
    "inspection.daily": "inspection.tasks.daily_inspection",
    "inspection.links": "inspection.tasks.nightly_link_check",
    "statistics.prune_visitors": "reports.access.prune_visitors",
    "statistics.refresh_overview": "reports.overview.refresh_overview",
}
MIGRATIONS = ["members.migrations.0007_schedule_paths", "reports.migrations.0005_schedule_paths",
              "inspection.migrations.0003_schedule_paths"]


def _paths():
    return dict(Schedule.objects.filter(name__in=OLD_PATHS).values_list("name", "func"))


def _run(direction):
    for name in MIGRATIONS:
        getattr(importlib.import_module(name), direction)(apps, None)


def test_every_schedule_of_a_new_database_names_an_existing_function():
    schedules = list(Schedule.objects.all())
    assert {s.name for s in schedules} >= set(NEW_PATHS)
    for schedule in schedules:
        assert callable(import_string(schedule.func)), schedule.func


def test_old_schedule_paths_are_rewritten_to_the_moved_functions_and_back():
    for name, old in OLD_PATHS.items():
        Schedule.objects.filter(name=name).update(func=old)
    Schedule.objects.create(name="own hook", func="site_portal.members.tasks.remind_profile_updates",
                            hook="site_portal.statistics.overview.refresh_overview", schedule_type="D")
    other = Schedule.objects.create(name="untouched", func="finance_market.tasks.scan_overdue", schedule_type="H")

    _run("forwards")

    assert _paths() == NEW_PATHS
    for func in NEW_PATHS.values():
        assert callable(import_string(func))
    own = Schedule.objects.get(name="own hook")
    assert (own.func, own.hook) == ("members.tasks.remind_profile_updates", "reports.overview.refresh_overview")
    assert Schedule.objects.get(pk=other.pk).func == "finance_market.tasks.scan_overdue"

    _run("forwards")  # a second run changes nothing
    assert _paths() == NEW_PATHS

    _run("backwards")
    assert _paths() == OLD_PATHS
