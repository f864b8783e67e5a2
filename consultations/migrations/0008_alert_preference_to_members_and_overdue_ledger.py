"""E-mail alert preferences move to members (members/notify.py mails every 站内信): the rows are copied to
members.AlertPreference before this app's table goes. Consultations already reported overdue (``is_overdue``)
get their notify-once key (``overdue:consultations.consultation:<pk>:r<handler replies>``), so the overdue job
does not message them again after the upgrade."""

from django.db import migrations


def _reply_counts(apps):
    ConsultationReply = apps.get_model("consultations", "ConsultationReply")
    counts = {}
    for consultation_id in ConsultationReply.objects.filter(from_handler=True).values_list("consultation_id",
                                                                                            flat=True):
        counts[consultation_id] = counts.get(consultation_id, 0) + 1
    return counts


def forward(apps, schema_editor):
    Old = apps.get_model("consultations", "AlertPreference")
    New = apps.get_model("members", "AlertPreference")
    for old in Old.objects.all():
        New.objects.update_or_create(user_id=old.user_id, defaults={"email_alerts": old.email_alerts})
    Consultation = apps.get_model("consultations", "Consultation")
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    counts = _reply_counts(apps)
    keys = [f"overdue:consultations.consultation:{pk}:r{counts.get(pk, 0)}"
            for pk in Consultation.objects.filter(is_overdue=True).values_list("pk", flat=True)]
    NotifiedOnce.objects.bulk_create([NotifiedOnce(key=key) for key in keys], ignore_conflicts=True)


def backward(apps, schema_editor):
    Old = apps.get_model("consultations", "AlertPreference")
    New = apps.get_model("members", "AlertPreference")
    for new in New.objects.all():
        Old.objects.update_or_create(user_id=new.user_id, defaults={"email_alerts": new.email_alerts})


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0007_delete_statuschange'),
        ('members', '0008_notify_ledger_and_alert_preferences'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='AlertPreference',
        ),
    ]
