"""Result titles and snippets with the query's words in <mark>; everything else is escaped."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

SNIPPET_CHARS = 120


def _strings(raw):
    """Every string inside a StreamField's raw data (paragraphs, captions, table cells ...)."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for key, value in raw.items():
            if key not in ("type", "id"):
                yield from _strings(value)
    elif isinstance(raw, (list, tuple)):
        for item in raw:
            yield from _strings(item)


def plain_text(value):
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        value = " ".join(_strings(list(value.raw_data)))
    elif isinstance(value, RichText):
        value = value.source
    return " ".join(strip_tags(str(value)).split())


def page_text(page, fields):
    return " ".join(filter(None, (plain_text(getattr(page, name, None)) for name in fields)))


def _pattern(terms):
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text, terms):
    """``text`` escaped, with each occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of text went through escape()


def snippet(text, terms, length=SNIPPET_CHARS):
    """About ``length`` characters of ``text`` around its first matching term, highlighted."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    piece = text[start : start + length]
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, terms) + escape(suffix))
