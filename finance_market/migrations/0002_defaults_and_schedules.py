"""Default refusal reasons and the django-q2 schedules that scan for overdue items (idempotent)."""

from django.db import migrations

REASONS = ["资料不完整", "不符合准入条件", "信用记录不良", "经营状况不佳", "担保/抵押不足", "额度已满", "企业主动放弃", "其他"]

SCHEDULES = [
    # (name, func, schedule_type) — H: hourly, D: daily
    ("金融超市：逾期扫描", "finance_market.tasks.scan_overdue", "H"),
    ("工作日：次年节假日安排检查", "members.workdays.warn_missing_schedule", "D"),
]


def forwards(apps, schema_editor):
    RefusalReason = apps.get_model("finance_market", "RefusalReason")
    for order, name in enumerate(REASONS):
        RefusalReason.objects.get_or_create(name=name, defaults={"sort_order": order})
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, schedule_type in SCHEDULES:
        Schedule.objects.update_or_create(name=name, defaults={"func": func, "schedule_type": schedule_type,
                                                               "repeats": -1})


def backwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("finance_market", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
