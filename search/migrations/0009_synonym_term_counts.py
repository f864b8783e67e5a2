"""SearchTermCount also counts, per facet group, the documents matching each word the synonym table expands (贷款 →
贷款 | 借款 | 融资), so a one-word query with synonyms reads its facet counts there (search.documents). Counted here
over the existing documents on PostgreSQL, with the code of search.documents: if that code can no longer run on this
schema, nothing is counted and such queries are counted over their matches (the same figures, slower) until the
next ``rebuild_search_documents`` or synonym edit."""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)


def count_synonym_expansions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search import documents

    try:
        documents.recount_synonyms()
    except Exception:  # a later schema: leave the fast path off (see above)
        logger.exception("synonym expansions not counted")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0008_search_synonyms"),
    ]

    operations = [
        migrations.RunPython(count_synonym_expansions, migrations.RunPython.noop),
    ]
