"""Issue 18: Wagtail's sample groups 「Editors」 and 「Moderators」 (wagtailcore 0002) are not roles of this portal
(its roles are members/roles.py, core/channels.py and finance_market/setup.py), yet they appear in every role
picker, in English. Each is deleted only when no account is in it: a group someone was put into is a role the
platform uses, and deleting it would silently take that person's rights away, so it stays (rename or empty it
in 设置 › 角色). Its page and collection permissions go with it. Forward only: Wagtail recreates nothing, and
restoring the sample groups would bring the clutter back, so the backward step does nothing."""

from django.db import migrations

WAGTAIL_SAMPLE_GROUPS = ("Editors", "Moderators")


def remove_unused(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WAGTAIL_SAMPLE_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_notify_ledger_and_alert_preferences"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_unused, migrations.RunPython.noop)]
