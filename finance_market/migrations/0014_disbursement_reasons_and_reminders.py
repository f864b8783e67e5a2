"""Default 未放款 reasons and the daily django-q2 schedule of the repayment reminders (idempotent)."""

from django.db import migrations

REASONS = ["企业放弃用款", "抵押/担保手续未落实", "放款条件未满足", "企业经营状况变化", "额度调整或取消", "其他"]
SCHEDULE = ("金融超市：还款提醒", "finance_market.tasks.remind_repayments", "D")


def forwards(apps, schema_editor):
    Reason = apps.get_model("finance_market", "NonDisbursementReason")
    for order, name in enumerate(REASONS):
        Reason.objects.get_or_create(name=name, defaults={"sort_order": order})
    Schedule = apps.get_model("django_q", "Schedule")
    name, func, schedule_type = SCHEDULE
    Schedule.objects.update_or_create(name=name, defaults={"func": func, "schedule_type": schedule_type,
                                                           "repeats": -1})


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("finance_market", "0013_disbursements"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
