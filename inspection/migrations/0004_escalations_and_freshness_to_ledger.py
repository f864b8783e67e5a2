"""The inspection's "tell once" state moves to the notify-once ledger (members/notify.py), so nobody is
messaged again after the upgrade:

* each Escalation (an unanswered board message, complaint or consultation already reported) becomes
  ``overdue:<app_label.model>:<pk>``; for a consultation the key of its current unanswered stretch,
  ``overdue:consultations.consultation:<pk>:r<handler replies>`` (the consultations app reports those now);
* each channel whose last message was 即将超期 / 已超期 (``notified_state``) gets
  ``freshness:wagtailcore.page:<pk>:<state>:<period start>``, the period starting on the day of the newest
  live article below the channel (other channels' index pages left out), or the channel's own publication.
"""

from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def _escalation_keys(apps):
    Escalation = apps.get_model("inspection", "Escalation")
    ConsultationReply = apps.get_model("consultations", "ConsultationReply")
    keys = []
    for escalation in Escalation.objects.select_related("content_type"):
        ct = escalation.content_type
        key = f"overdue:{ct.app_label}.{ct.model}:{escalation.object_id}"
        if (ct.app_label, ct.model) == ("consultations", "consultation"):
            replies = ConsultationReply.objects.filter(consultation_id=escalation.object_id, from_handler=True).count()
            key += f":r{replies}"
        keys.append(key)
    return keys


def _freshness_keys(apps):
    ChannelFreshness = apps.get_model("inspection", "ChannelFreshness")
    Page = apps.get_model("wagtailcore", "Page")
    index_types = set(Page.objects.filter(freshness__isnull=False).values_list("content_type_id", flat=True))
    keys = []
    for setting in ChannelFreshness.objects.exclude(notified_state="ok").select_related("page"):
        page = setting.page
        last = (Page.objects.filter(live=True, path__startswith=page.path, depth__gt=page.depth)
                .exclude(content_type_id__in=index_types).aggregate(last=Max("first_published_at"))["last"])
        start = timezone.localdate(last or page.first_published_at or timezone.now())
        keys.append(f"freshness:wagtailcore.page:{page.pk}:{setting.notified_state}:{start.isoformat()}")
    return keys


def forward(apps, schema_editor):
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    keys = _escalation_keys(apps) + _freshness_keys(apps)
    NotifiedOnce.objects.bulk_create([NotifiedOnce(key=key) for key in keys], ignore_conflicts=True)


def backward(apps, schema_editor):
    Escalation = apps.get_model("inspection", "Escalation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    NotifiedOnce = apps.get_model("members", "NotifiedOnce")
    for key in NotifiedOnce.objects.filter(key__startswith="overdue:consultations.").values_list("key", flat=True):
        label, object_id = key.split(":")[1:3]
        app_label, model = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type:
            Escalation.objects.get_or_create(content_type=content_type, object_id=object_id)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('consultations', '0008_alert_preference_to_members_and_overdue_ledger'),
        ('inspection', '0003_schedule_paths'),
        ('members', '0008_notify_ledger_and_alert_preferences'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='Escalation',
        ),
    ]
