"""SearchTermCount: per indexed term and facet group, how many documents hold the term (in their text, in their
title). Counted here from the documents' vectors on PostgreSQL (search.documents keeps it up to date); an empty
table elsewhere."""

import django.db.models.deletion
from django.db import migrations, models


def count_terms(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    documents = apps.get_model("portal_search", "SearchDocument")._meta.db_table
    counts = apps.get_model("portal_search", "SearchTermCount")._meta.db_table
    schema_editor.execute(
        f"INSERT INTO {counts} (term, group_id, documents, titles)"
        f" SELECT term, group_id, sum(documents), sum(titles) FROM ("
        f"SELECT unnest(tsvector_to_array(text_vector)) AS term, group_id, 1 AS documents, 0 AS titles"
        f" FROM {documents} WHERE group_id IS NOT NULL"
        f" UNION ALL SELECT unnest(tsvector_to_array(title_vector)), group_id, 0, 1"
        f" FROM {documents} WHERE group_id IS NOT NULL"
        f") AS terms GROUP BY term, group_id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0006_search_document_newest_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTermCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "term", "group", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("term", models.TextField(verbose_name="词项")),
                ("documents", models.IntegerField(default=0, verbose_name="文档数")),
                ("titles", models.IntegerField(default=0, verbose_name="标题含该词的文档数")),
                (
                    "group",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal_search.searchfacetgroup",
                    ),
                ),
            ],
            options={
                "verbose_name": "搜索词项计数",
                "verbose_name_plural": "搜索词项计数",
            },
        ),
        migrations.RunPython(count_terms, migrations.RunPython.noop),
    ]
