"""The analyzer's query words as FTS5 MATCH and PostgreSQL to_tsquery strings (shared by both backends)."""

from search.analysis import query_words

TITLE_WEIGHT = 3.0  # a match in the title counts this many times a match in the body


def fts5_expression(words, operator="and"):
    """The FTS5 MATCH string for the analyzer's words; ``or`` is the partial (fallback) match."""

    def quoted(term, prefix=False):
        return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")

    if operator == "or":
        terms = {term for word in words for term in word.partial_terms()}
        return " OR ".join(quoted(t, prefix=len(t) == 1) for t in sorted(terms))
    parts = []
    for word in words:
        if word.alternatives:
            all_bigrams = " AND ".join(quoted(t) for t in word.alternatives)
            parts.append(f"({quoted(word.word)} OR ({all_bigrams}))")
        else:
            parts.append(quoted(word.word, word.prefix))
    return " AND ".join(parts)


def tsquery_expression(words, operator="and"):
    """The same query as a PostgreSQL ``to_tsquery`` string."""

    def quoted(term, prefix=False):
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'" + (":*" if prefix else "")

    if operator == "or":
        terms = {term for word in words for term in word.partial_terms()}
        return " | ".join(quoted(t, prefix=len(t) == 1) for t in sorted(terms))
    parts = []
    for word in words:
        if word.alternatives:
            all_bigrams = " & ".join(quoted(t) for t in word.alternatives)
            parts.append(f"({quoted(word.word)} | ({all_bigrams}))")
        else:
            parts.append(quoted(word.word, word.prefix))
    return " & ".join(parts)


def words_or_nothing(query_string):
    # A query of punctuation only has no words; match a token no analyzer output can contain.
    return query_words(query_string) or query_words("\u3007\u3007")
