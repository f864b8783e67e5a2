"""PostgreSQL: a btree index on the visible documents by (date DESC NULLS LAST, object_id DESC), the order in which
a broad query's ranking candidates are chosen (its newest title matches), covering what choosing them reads (the
title vector, the type and facet group the filters test, the ids the ranking returns). Walking it finds the newest
title matches without visiting the wide rows (an index-only scan) nor sorting every match. Other databases: nothing.
"""

from django.db import migrations

INDEX = "portal_search_document_newest"
COVERED = "id, content_type_id, entry_id, page_id, group_id, type, title_vector"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("portal_search", "SearchDocument")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (date DESC NULLS LAST, object_id DESC)"
        f" INCLUDE ({COVERED}) WHERE visible"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0005_search_facet_group"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
