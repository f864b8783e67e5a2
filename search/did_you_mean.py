"""“您是不是要找”: for a query that finds nothing (or only some of its words), the closest word a visitor could
have meant, from the synonym table, the search dictionary and the names of the banks, products and channels."""

import difflib

from django.core.cache import cache

from search import documents
from search.analysis import finance_terms, query_words
from search.synonyms import groups

NAME_TYPES = ("product", "bank")
CUTOFF = 0.5


def _vocabulary():
    from search.engine import load_objects
    from search.models import SearchDocument

    key = f"search:vocabulary:{documents.version()}"
    words = cache.get(key)
    if words is None:
        words = {word for word, _freq in finance_terms()} | {word for row in groups() or [] for word in row}
        names = SearchDocument.objects.filter(visible=True, type__in=NAME_TYPES).values_list("content_type_id",
                                                                                              "object_id")
        for obj in load_objects(list(names[:2000])).values():
            words.add(obj.title)
        words = sorted(words)
        cache.set(key, words, 3600)
    return words


def did_you_mean(q):
    """The closest known word or name to ``q`` (not ``q`` itself), or None."""
    q = (q or "").strip()
    if not query_words(q) or len(q) > 30:
        return None
    matches = [word for word in difflib.get_close_matches(q, _vocabulary(), n=3, cutoff=CUTOFF) if word != q]
    return matches[0] if matches else None
