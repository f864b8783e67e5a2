"""The match vectors on SearchDocument (search.models.MatchVectorField).

PostgreSQL: fills them from Wagtail's index in one statement, then GIN-indexes them, so the search page's
match, facet counts and ranking candidates never read the wide index table. Other databases: two empty
text columns.
"""

from django.db import migrations

import search.models

INDEXES = {
    "portal_search_document_text_vector_gin": "text_vector",
    "portal_search_document_title_vector_gin": "title_vector",
}


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    documents = apps.get_model("portal_search", "SearchDocument")._meta.db_table
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"UPDATE {documents} d SET text_vector = setweight(e.title, 'A') || e.body, title_vector = e.title"
        f" FROM {entries} e WHERE e.id = d.entry_id"
    )
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {documents} USING gin ({column})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0003_search_document"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="text_vector",
            field=search.models.MatchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_vector",
            field=search.models.MatchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_and_index, drop_indexes),
    ]
