"""Issue 18: every institution's 机构审核 step also belongs to the platform's level-1 admins, so a bank whose
「·产品审核」 group is empty no longer waits for the superuser (finance_market.setup does the same for new
institutions). Forward only adds a group to existing tasks; backward removes it again."""

from django.db import migrations

LEVEL1 = "平台一级管理员"


def _tasks(apps):
    FinancialInstitution = apps.get_model("members", "FinancialInstitution")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    names = [f"{name}审核" for name in FinancialInstitution.objects.values_list("name", flat=True)]
    return GroupApprovalTask.objects.filter(name__in=names)


def add_platform(apps, schema_editor):
    level1 = apps.get_model("auth", "Group").objects.filter(name=LEVEL1).first()
    if level1 is not None:
        for task in _tasks(apps):
            task.groups.add(level1)


def remove_platform(apps, schema_editor):
    level1 = apps.get_model("auth", "Group").objects.filter(name=LEVEL1).first()
    if level1 is not None:
        for task in _tasks(apps):
            task.groups.remove(level1)


class Migration(migrations.Migration):
    dependencies = [
        ("finance_market", "0011_feedback_notice_sign_off"),
        ("members", "0008_notify_ledger_and_alert_preferences"),
    ]

    operations = [migrations.RunPython(add_platform, remove_platform)]
