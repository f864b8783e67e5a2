"""Issue 21: the history of consultations, board posts and complaints moves from StatusChange into core's
one history table (site_portal.LifecycleEvent). Every row is copied with its time, actor, note, statuses
and submission key, oldest first, so the order (created_at, then id) stays the same; the reverse copies
them back."""

from django.db import migrations

BATCH = 1000


def _copy(rows, make, model):
    batch = []
    for row in rows.order_by("created_at", "pk").iterator(chunk_size=BATCH):
        batch.append(make(row))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def _fields(row):
    return {"content_type_id": row.content_type_id, "object_id": row.object_id, "action": row.action,
            "from_status": row.from_status, "to_status": row.to_status, "actor_id": row.actor_id,
            "note": row.note, "submission_key": row.submission_key, "created_at": row.created_at}


def forward(apps, schema_editor):
    StatusChange = apps.get_model("consultations", "StatusChange")
    LifecycleEvent = apps.get_model("site_portal", "LifecycleEvent")
    rows = StatusChange.objects.all()
    _copy(rows, lambda row: LifecycleEvent(data={}, **_fields(row)), LifecycleEvent)
    rows.delete()


def backward(apps, schema_editor):
    StatusChange = apps.get_model("consultations", "StatusChange")
    LifecycleEvent = apps.get_model("site_portal", "LifecycleEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.filter(app_label="consultations").values_list("pk", flat=True)
    rows = LifecycleEvent.objects.filter(content_type_id__in=list(types))
    _copy(rows, lambda row: StatusChange(**_fields(row)), StatusChange)
    rows.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("consultations", "0005_experts_and_direct_appeals"),
        ("site_portal", "0005_lifecycle_event"),
    ]

    operations = [migrations.RunPython(forward, backward)]
