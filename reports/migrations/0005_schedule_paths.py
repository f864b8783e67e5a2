"""django-q2 schedules name their function by its dotted path, stored in the database. The statistics app moved
from site_portal/statistics/ to reports/: the stored paths (func and hook) follow. New databases get the new
paths from the migrations that create the schedules. (RESTRUCTURE_KEEP_OLD_PATHS: the layer restructure
script leaves this file's old paths alone.)"""

from django.db import migrations

EXACT = {}
PREFIXES = {"site_portal.statistics.": "reports."}


def _moved(path, exact, prefixes):
    if not path:
        return path
    if path in exact:
        return exact[path]
    for old, new in prefixes.items():
        if path.startswith(old):
            return new + path[len(old):]
    return path


def _rewrite(apps, exact, prefixes):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.all():
        func, hook = _moved(schedule.func, exact, prefixes), _moved(schedule.hook, exact, prefixes)
        if (func, hook) != (schedule.func, schedule.hook):
            Schedule.objects.filter(pk=schedule.pk).update(func=func, hook=hook)


def forwards(apps, schema_editor):
    _rewrite(apps, EXACT, PREFIXES)


def backwards(apps, schema_editor):
    _rewrite(apps, {new: old for old, new in EXACT.items()}, {new: old for old, new in PREFIXES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0004_overview_schedule"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
