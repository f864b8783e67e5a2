"""Overdue reports go through the notify-once ledger (members/notify.py); the ``…_overdue_at`` fields only show
since when. Items already reported get their keys, so nobody is messaged again after the upgrade:
``overdue-accept:finance_market.loanapplication:<pk>``, ``overdue-decide:…`` and
``overdue:finance_market.feedbacknotice:<pk>``."""

from django.db import migrations


def seed_ledger(apps, schema_editor):
    LoanApplication = apps.get_model("finance_market", "LoanApplication")
    FeedbackNotice = apps.get_model("finance_market", "FeedbackNotice")
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    keys = [f"overdue-accept:finance_market.loanapplication:{pk}" for pk in
            LoanApplication.objects.filter(accept_overdue_at__isnull=False).values_list("pk", flat=True)]
    keys += [f"overdue-decide:finance_market.loanapplication:{pk}" for pk in
             LoanApplication.objects.filter(decide_overdue_at__isnull=False).values_list("pk", flat=True)]
    keys += [f"overdue:finance_market.feedbacknotice:{pk}" for pk in
             FeedbackNotice.objects.filter(overdue_at__isnull=False).values_list("pk", flat=True)]
    NotifiedOnce.objects.bulk_create([NotifiedOnce(key=key) for key in keys], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('finance_market', '0006_delete_applicationevent'),
        ('members', '0008_notify_ledger_and_alert_preferences'),
    ]

    operations = [
        migrations.RunPython(seed_ledger, migrations.RunPython.noop),
    ]
