"""The django-q2 schedule that chooses and counts the frequent queries of several words (search.counted_queries),
daily."""

from django.db import migrations

NAME = "search.count_frequent_queries"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME, defaults={"func": "search.counted_queries.count_frequent_queries", "schedule_type": "D",
                             "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0010_search_counted_query"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
