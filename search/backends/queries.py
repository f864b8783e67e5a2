"""The analyzer's query words as FTS5 MATCH and PostgreSQL to_tsquery strings (shared by both backends)."""

from dataclasses import dataclass

from search.analysis import query_words

TITLE_WEIGHT = 3.0  # a match in the title counts this many times a match in the body


@dataclass(frozen=True)
class _Syntax:
    """How one full-text query language quotes a term and joins terms."""

    open_quote: str
    escapes: tuple  # (old, new) replacements inside a quoted term
    prefix_marker: str
    and_: str
    or_: str

    def quoted(self, term, prefix=False):
        for old, new in self.escapes:
            term = term.replace(old, new)
        return f"{self.open_quote}{term}{self.open_quote}{self.prefix_marker if prefix else ''}"

    def expression(self, words, operator):
        if operator == "any":  # any one of the words (or its synonyms): the related-content match
            return self.or_.join(f"({self._choices(word)})" for word in words)
        if operator == "or":  # partial match, for the spelling fallback
            terms = {term for word in words for term in word.partial_terms()}
            return self.or_.join(self.quoted(t, prefix=len(t) == 1) for t in sorted(terms))
        parts = []
        for word in words:
            parts.append(self._choices(word) if not word.synonyms else f"({self._choices(word)})")
        return self.and_.join(parts)

    def _choices(self, word):
        """The word or any of its synonyms."""
        return self.or_.join(self._word(w) for w in (word, *word.synonyms))

    def choices_sorted(self, word):
        """The same as :meth:`_choices`, in an order that does not depend on which word of the group was typed
        (贷款, 借款 and 融资 give one string)."""
        return self.or_.join(sorted(dict.fromkeys(self._word(w) for w in (word, *word.synonyms))))

    def _word(self, word):
        if word.alternatives:  # the whole word, or all of its character pairs
            all_bigrams = self.and_.join(self.quoted(t) for t in word.alternatives)
            return f"({self.quoted(word.word)}{self.or_}({all_bigrams}))"
        return self.quoted(word.word, word.prefix)


FTS5 = _Syntax('"', (('"', '""'),), "*", " AND ", " OR ")
TSQUERY = _Syntax("'", (("'", "''"), ("\\", "\\\\")), ":*", " & ", " | ")


def fts5_expression(words, operator="and"):
    """The FTS5 MATCH string for the analyzer's words; ``or`` is the partial (fallback) match."""
    return FTS5.expression(words, operator)


def tsquery_expression(words, operator="and"):
    """The same query as a PostgreSQL ``to_tsquery`` string."""
    return TSQUERY.expression(words, operator)


def words_or_nothing(query_string):
    # A query of punctuation only has no words; match a token no analyzer output can contain.
    return query_words(query_string) or query_words("\u3007\u3007")
