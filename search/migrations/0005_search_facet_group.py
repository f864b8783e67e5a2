"""SearchFacetGroup (one row per distinct type / visibility / facet values) and SearchDocument.group, filled here
for the existing documents (search.documents fills it for new ones)."""

import django.db.models.deletion
from django.db import migrations, models

from search.models import facet_group_key

FIELDS = ("type", "visible", "category", "department", "institution", "product_type", "year")


def fill_groups(apps, schema_editor):
    SearchDocument = apps.get_model("portal_search", "SearchDocument")
    SearchFacetGroup = apps.get_model("portal_search", "SearchFacetGroup")
    for values in SearchDocument.objects.values(*FIELDS).distinct().order_by():
        SearchFacetGroup.objects.get_or_create(key=facet_group_key(values), defaults=values)
    documents = SearchDocument._meta.db_table
    groups = SearchFacetGroup._meta.db_table
    same = "IS NOT DISTINCT FROM" if schema_editor.connection.vendor == "postgresql" else "IS"
    match = " AND ".join(f"g.{name} {same} {documents}.{name}" for name in FIELDS)
    schema_editor.execute(f"UPDATE {documents} SET group_id = (SELECT g.id FROM {groups} g WHERE {match})")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0004_search_document_vectors"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchFacetGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(editable=False, max_length=64, unique=True, verbose_name="键")),
                ("type", models.CharField(max_length=20, verbose_name="内容类型")),
                ("visible", models.BooleanField(default=True, verbose_name="可见")),
                ("category", models.CharField(max_length=255, null=True, verbose_name="分类")),
                ("department", models.CharField(max_length=255, null=True, verbose_name="发布部门")),
                ("institution", models.CharField(max_length=255, null=True, verbose_name="金融机构")),
                ("product_type", models.CharField(max_length=255, null=True, verbose_name="产品类型")),
                ("year", models.SmallIntegerField(null=True, verbose_name="年份")),
            ],
            options={
                "verbose_name": "搜索分面组合",
                "verbose_name_plural": "搜索分面组合",
            },
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="group",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal_search.searchfacetgroup",
            ),
        ),
        migrations.RunPython(fill_groups, migrations.RunPython.noop),
    ]
