"""What both database backends' object indexers share: the Chinese analyzer, once per field.

Wagtail's indexer prepares every field several times for one object (title, body, autocomplete ...);
jieba is the expensive part, so the prepared values of the indexed object itself are memoised (related
objects pass through). The vendor indexers yield ``(value, text)`` (SQLite) or ``(value, weight, text)``
(PostgreSQL): only the last item, the text, is analysed.
"""

from modelsearch.index import AutocompleteField, SearchField

from search.analysis import analyze
from search.registry import as_title


class ChineseObjectIndexerMixin:
    def prepare_field(self, obj, field):
        if obj is not self.obj:
            return self._prepare_field(obj, field)
        prepared = self.__dict__.setdefault("_prepared", {})
        if id(field) not in prepared:
            prepared[id(field)] = list(self._prepare_field(obj, field))
        return prepared[id(field)]

    def _prepare_field(self, obj, field):
        if isinstance(field, (SearchField, AutocompleteField)):
            for current, *middle, value in super().prepare_field(obj, field):
                yield (as_title(obj, current), *middle, analyze(value))
        else:
            yield from super().prepare_field(obj, field)
