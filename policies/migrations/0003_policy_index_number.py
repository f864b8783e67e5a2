"""索引号 for policy documents: the field, and numbers for the policies that exist already (oldest first)."""

from django.db import migrations, models


def number_existing(apps, schema_editor):
    PolicyPage = apps.get_model("policies", "PolicyPage")
    Site = apps.get_model("wagtailcore", "Site")
    PortalSettings = apps.get_model("site_portal", "PortalSettings")
    site = Site.objects.filter(is_default_site=True).first()
    settings = PortalSettings.objects.filter(site=site).first() if site else None
    code = (settings.disclosure_code if settings else "") or "PORTAL"
    counters = {}
    for page in PolicyPage.objects.filter(index_number__isnull=True).order_by("date", "pk").only("pk", "date"):
        counters[page.date.year] = counters.get(page.date.year, 0) + 1
        number = f"{code}/{page.date.year}-{counters[page.date.year]:05d}"
        PolicyPage.objects.filter(pk=page.pk).update(index_number=number)


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0002_initial"),
        ("site_portal", "0004_footer_and_disclosure_fields"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="policypage",
            name="index_number",
            field=models.CharField(blank=True, editable=False, max_length=60, null=True, unique=True,
                                   verbose_name="索引号"),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
    ]
