"""Publishing guard: before a page or a public reply goes out, scan its text for forbidden words and personal data.

A hit under a "block" rule stops publishing and the editor sees each place (field and excerpt); a "warn" rule
only shows the places. The page's own fields and StreamField/rich-text content are scanned; related inline
rows are scanned through their text fields too.

What a hit and a refusal look like lives in core/guard.py, where this app registers its reply check
(inspection/apps.py): the domain apps below have their public replies checked without importing this app.
"""

import json

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from core.guard import Hit, PublishBlocked, summary  # noqa: F401  (the guard's vocabulary, in core)
from inspection import pii
from inspection.models import ForbiddenWord, InspectionSettings, RuleAction

EXCERPT_CONTEXT = 12
REPLY_LABEL = gettext_lazy("回复内容")
# Page fields that are bookkeeping, not content a visitor reads
SKIPPED_FIELDS = {"slug", "url_path", "path", "draft_title", "latest_revision_created_at", "content_type",
                  "locale", "translation_key", "index_number"}


def _excerpt(text, start, end, mask=False):
    found = text[start:end]
    if mask and len(found) > 7:  # the report must not republish the personal data it found
        found = found[:3] + "*" * (len(found) - 7) + found[-4:]
    before = text[max(0, start - EXCERPT_CONTEXT):start]
    after = text[end:end + EXCERPT_CONTEXT]
    lead = "…" if start > EXCERPT_CONTEXT else ""
    tail = "…" if end + EXCERPT_CONTEXT < len(text) else ""
    return f"{lead}{before}{found}{after}{tail}"


def _settings():
    site = Site.objects.filter(is_default_site=True).first()
    return InspectionSettings.for_site(site) if site else InspectionSettings()


def scan_text(field, text, settings=None, words=None):
    """Every hit in one piece of text, labelled with ``field``."""
    text = " ".join(strip_tags(text or "").split())
    if not text:
        return []
    settings = settings or _settings()
    words = ForbiddenWord.objects.all() if words is None else words
    hits = []
    for word in words:
        start = text.find(word.word)
        while start != -1:
            hits.append(Hit(field, _("禁用词“%s”") % word.word, _excerpt(text, start, start + len(word.word)),
                            word.action))
            start = text.find(word.word, start + len(word.word))
    id_spans = pii.find_id_numbers(text)
    rules = [
        (settings.id_number_action, _("身份证号码"), id_spans),
        (settings.mobile_action, _("手机号码"), pii.find_mobiles(text)),
        (settings.uscc_action, _("统一社会信用代码"), pii.find_usccs(text, skip=set(id_spans))),
    ]
    for action, label, spans in rules:
        if action == RuleAction.OFF:
            continue
        hits += [Hit(field, label, _excerpt(text, s, e, mask=True), action) for s, e in spans]
    return hits


def _stream_texts(value, label):
    """(label, text) for every string inside a StreamField's raw data, skipping block ids and types."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "type"):
                yield from _stream_texts(item, label)
    elif isinstance(value, list):
        for item in value:
            yield from _stream_texts(item, label)
    elif isinstance(value, str) and value.strip():
        yield label, value


def _field_texts(obj):
    """(label, text) of a model's text fields; a model lists in ``guard_exempt_fields`` the structured fields
    whose visibility it controls itself (e.g. contacts shown to institutions only)."""
    exempt = set(getattr(obj, "guard_exempt_fields", ()))
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name in exempt or field.is_relation or field.choices:
            continue
        label = str(field.verbose_name)
        value = getattr(obj, field.attname, None)
        if isinstance(field, StreamField):
            raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
            if isinstance(raw, str):
                raw = json.loads(raw or "[]")
            yield from _stream_texts(raw, label)
        elif isinstance(field, RichTextField | models.TextField | models.CharField) and isinstance(value, str):
            yield label, value


def page_texts(page):
    """(field label, text) for the page and its inline children (e.g. attachment titles)."""
    page = page.specific if type(page) is Page else page
    yield from _field_texts(page)
    for relation in page._meta.related_objects:
        if relation.one_to_many and getattr(relation.field, "many_to_one", False) and hasattr(
                relation.related_model, "sort_order"):
            manager = getattr(page, relation.get_accessor_name(), None)
            if manager is None:
                continue
            for child in manager.all():
                for label, text in _field_texts(child):
                    yield f"{relation.related_model._meta.verbose_name}·{label}", text


def scan_page(page):
    settings, words = _settings(), list(ForbiddenWord.objects.all())
    hits = []
    for label, text in page_texts(page):
        hits += scan_text(label, text, settings, words)
    return hits


def blocking(hits):
    return [h for h in hits if h.action == RuleAction.BLOCK]


def warnings(hits):
    return [h for h in hits if h.action == RuleAction.WARN]


def check_page(page):
    """Raise PublishBlocked when ``page`` holds anything a block rule forbids; return the warnings otherwise."""
    hits = scan_page(page)
    if blocking(hits):
        raise PublishBlocked(blocking(hits), page)
    return warnings(hits)


def check_reply(text, label=None):
    """The same check for a public reply (留言回复、咨询答复)."""
    hits = scan_text(str(label or REPLY_LABEL), text)
    if blocking(hits):
        raise PublishBlocked(blocking(hits))
    return warnings(hits)
