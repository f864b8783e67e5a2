"""PostgreSQL: two btree indexes on the search documents. Other databases: nothing (SQLite finds a query's documents
through its full-text matches; an index on the facet group could tempt it to scan a whole group instead).

* the visible documents by (date DESC NULLS LAST, object_id DESC), the order in which a broad query's ranking
  candidates are chosen (its newest title matches), covering what choosing them reads (the title vector, the type
  and facet group the filters test, the ids the ranking returns): walking it finds the newest title matches without
  visiting the wide rows (an index-only scan) nor sorting every match;
* the facet group, so the ranking of a query narrowed by a facet (发布部门 = 中国人民银行) reads only that facet's
  matches (a bitmap AND with the full-text index).
"""

from django.db import migrations

NEWEST = "portal_search_document_newest"
COVERED = "id, content_type_id, entry_id, page_id, group_id, type, title_vector"
GROUP = "portal_search_document_group"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("portal_search", "SearchDocument")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NEWEST} ON {table} (date DESC NULLS LAST, object_id DESC)"
        f" INCLUDE ({COVERED}) WHERE visible"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GROUP} ON {table} (group_id)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NEWEST}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {GROUP}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0005_search_facet_group"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
