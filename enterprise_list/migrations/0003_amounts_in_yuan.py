"""List and project amounts were stored in 万元; DESIGN §13 stores every amount in yuan (Decimal(14,2)).

Renames funding_need_wan → funding_need and amount_wan → amount, multiplies the stored values by
10 000, and does the same inside saved page revisions (drafts, revisions awaiting review) so that
publishing or reverting an older revision keeps its amount.
"""

from decimal import Decimal

from django.db import migrations, models
import django.core.validators

FACTOR = Decimal(10000)
PAGES = {"enterpriselistpage": None, "projectpage": ("amount_wan", "amount")}
ROW_FIELDS = ("funding_need_wan", "funding_need")


def _scaled(value, factor):
    if value in (None, ""):
        return value
    return str((Decimal(str(value)) * factor).quantize(Decimal("0.01")))


def _convert_content(content, model_name, factor, forward):
    old, new = PAGES[model_name] or (None, None)
    if old and not forward:
        old, new = new, old
    if old and old in content:
        content[new] = _scaled(content.pop(old), factor)
    row_old, row_new = ROW_FIELDS if forward else ROW_FIELDS[::-1]
    for row in content.get("rows", []) or []:
        if row_old in row:
            row[row_new] = _scaled(row.pop(row_old), factor)
    return content


def _convert(apps, forward):
    factor = FACTOR if forward else 1 / FACTOR
    Row = apps.get_model("enterprise_list", "EnterpriseListRow")
    Project = apps.get_model("enterprise_list", "ProjectPage")
    # update() per row, not save(): the historical page models keep their mixins' save()
    for pk, amount in Row.objects.exclude(funding_need=None).values_list("pk", "funding_need"):
        Row.objects.filter(pk=pk).update(funding_need=(amount * factor).quantize(Decimal("0.01")))
    for pk, amount in Project.objects.exclude(amount=None).values_list("pk", "amount"):
        Project.objects.filter(pk=pk).update(amount=(amount * factor).quantize(Decimal("0.01")))
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for model_name in PAGES:
        content_type = ContentType.objects.filter(app_label="enterprise_list", model=model_name).first()
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type):
            content = _convert_content(dict(revision.content), model_name, factor, forward)
            Revision.objects.filter(pk=revision.pk).update(content=content)


def to_yuan(apps, schema_editor):
    _convert(apps, forward=True)


def to_wan(apps, schema_editor):
    _convert(apps, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ("enterprise_list", "0002_project_code_empty_on_copy"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField("enterpriselistrow", "funding_need_wan", "funding_need"),
        migrations.RenameField("projectpage", "amount_wan", "amount"),
        migrations.AlterField(
            model_name="enterpriselistrow",
            name="funding_need",
            field=models.DecimalField(blank=True, decimal_places=2, help_text="以元填写，前台以万元显示", max_digits=14,
                                      null=True, validators=[django.core.validators.MinValueValidator(0)],
                                      verbose_name="资金需求（元）"),
        ),
        migrations.AlterField(
            model_name="projectpage",
            name="amount",
            field=models.DecimalField(blank=True, db_index=True, decimal_places=2, help_text="以元填写，前台以万元显示",
                                      max_digits=14, null=True,
                                      validators=[django.core.validators.MinValueValidator(0)],
                                      verbose_name="金额（元）"),
        ),
        migrations.RunPython(to_yuan, to_wan),
    ]
