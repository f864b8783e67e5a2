"""Load GB/T 4754-2017 sections and divisions into Industry."""

from django.db import migrations

from members.data.industries import SECTIONS


def load(apps, schema_editor):
    Industry = apps.get_model("members", "Industry")
    for code, name, divisions in SECTIONS:
        section, _ = Industry.objects.update_or_create(code=code, defaults={"name": name, "section": None})
        for division_code, division_name in divisions:
            Industry.objects.update_or_create(code=division_code, defaults={"name": division_name, "section": section})


def unload(apps, schema_editor):
    apps.get_model("members", "Industry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_organisations_and_activity")]
    operations = [migrations.RunPython(load, unload)]
