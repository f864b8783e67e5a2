"""The synonym table (:class:`search.models.SearchSynonym`) as the analyzer and Elasticsearch use it.

On the database backends a query word found in a group matches any word of the group (search.analysis
gives each QueryWord its ``synonyms``); the words are also added to jieba's dictionary so a query cuts
them whole (中国工商银行, not 中国/工商银行). On Elasticsearch the groups are a synonym set that the
search analyzer's ``synonym_graph`` filter reads (search.backends.elasticsearch9).
"""

import logging

logger = logging.getLogger(__name__)


def groups():
    """The enabled groups, each a tuple of words; None when the table cannot be read (before migrations, or outside
    Django)."""
    try:
        from search.models import SearchSynonym

        return [tuple(row.words()) for row in SearchSynonym.objects.filter(enabled=True).order_by("pk")]
    except Exception:
        return None


class SynonymTable:
    """{word: the other words of its groups}, built once per dictionary build (search.analysis)."""

    def __init__(self, rows):
        self.loaded = rows is not None
        self.rows = [row for row in rows or [] if len(row) > 1]
        self.others = {}
        for row in self.rows:
            for word in row:
                known = self.others.setdefault(word, [])
                known.extend(other for other in row if other != word and other not in known)

    def words(self):
        return list(self.others)

    def of(self, word):
        return tuple(self.others.get(word, ()))


def elasticsearch_rules(rows=None):
    """The groups as Solr-format equivalence rules ("工行, 工商银行, 中国工商银行")."""
    rows = (groups() or []) if rows is None else rows
    return [", ".join(row) for row in rows if len(row) > 1]


def push_to_search_backend():
    """Give Elasticsearch the edited rules (its synonym set reloads the search analyzer); nothing to do elsewhere."""
    from wagtail.search.backends import get_search_backend

    try:
        backend = get_search_backend()
    except Exception:  # misconfigured backend: the admin edit itself must still succeed
        logger.exception("no search backend to give the synonyms to")
        return
    push = getattr(backend, "put_synonyms", None)
    if push is None:
        return
    try:
        push()
    except Exception:  # Elasticsearch down: the rules are in the table and go with the next index rebuild
        logger.exception("could not update the Elasticsearch synonym set")
