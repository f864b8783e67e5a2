"""Issue 21: the history of loan applications moves from ApplicationEvent into core's one history table
(site_portal.LifecycleEvent). Every row is copied with its time, actor, note and statuses, oldest first,
so the order (created_at, then id) stays the same; the reverse copies them back."""

from django.db import migrations

BATCH = 1000


def _application_type_id(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="finance_market", model="loanapplication")[0].pk


def forward(apps, schema_editor):
    ApplicationEvent = apps.get_model("finance_market", "ApplicationEvent")
    LifecycleEvent = apps.get_model("site_portal", "LifecycleEvent")
    content_type_id = _application_type_id(apps)
    batch = []
    for event in ApplicationEvent.objects.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        batch.append(LifecycleEvent(
            content_type_id=content_type_id, object_id=event.application_id, action=event.action,
            from_status=event.from_status, to_status=event.to_status, actor_id=event.actor_id, note=event.note,
            data={}, created_at=event.created_at))
        if len(batch) >= BATCH:
            LifecycleEvent.objects.bulk_create(batch)
            batch = []
    LifecycleEvent.objects.bulk_create(batch)
    ApplicationEvent.objects.all().delete()


def backward(apps, schema_editor):
    ApplicationEvent = apps.get_model("finance_market", "ApplicationEvent")
    LifecycleEvent = apps.get_model("site_portal", "LifecycleEvent")
    rows = LifecycleEvent.objects.filter(content_type_id=_application_type_id(apps))
    batch = []
    for event in rows.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        batch.append(ApplicationEvent(
            application_id=event.object_id, action=event.action, from_status=event.from_status,
            to_status=event.to_status, actor_id=event.actor_id, note=event.note, created_at=event.created_at))
        if len(batch) >= BATCH:
            ApplicationEvent.objects.bulk_create(batch)
            batch = []
    ApplicationEvent.objects.bulk_create(batch)
    rows.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("finance_market", "0004_report_covering_index"),
        ("site_portal", "0005_lifecycle_event"),
    ]

    operations = [migrations.RunPython(forward, backward)]
