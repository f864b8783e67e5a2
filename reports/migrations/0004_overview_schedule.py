"""The django-q2 schedule that recomputes the public figures (home counters, 数据概览) every 10 minutes."""

from django.db import migrations

NAME = "statistics.refresh_overview"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME, defaults={"func": "reports.overview.refresh_overview", "schedule_type": "I",
                             "minutes": 10, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0003_overview_snapshot"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
