"""The django-q2 schedules: the daily inspection (freshness, interaction response) and the nightly link check."""

import datetime

from django.db import migrations

SCHEDULES = {
    "inspection.daily": ("inspection.tasks.daily_inspection", datetime.time(7, 30)),
    "inspection.links": ("inspection.tasks.nightly_link_check", datetime.time(2, 0)),
}


def create_schedules(apps, schema_editor):
    from django.utils import timezone

    Schedule = apps.get_model("django_q", "Schedule")
    for name, (func, at) in SCHEDULES.items():
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        next_run = timezone.make_aware(datetime.datetime.combine(tomorrow, at))
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": "D", "repeats": -1, "next_run": next_run})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
