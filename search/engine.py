"""The portal search: free text + field search + facets over the registered page types.

Per search, two SQL queries touch the full-text index (plus one per page type to load the
page of results):

1. facet counts: the matching pages grouped by (type, category, department, institution, year);
   each facet's counts are then summed in Python over the groups that pass the *other* facets'
   selections, so choosing a category narrows the year counts but leaves the category list whole;
2. the ranked page of results, restricted to all selections.

Only live pages without view restrictions are ever searched (``live().public()``).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search import registry
from search.analysis import MAX_QUERY_CHARS, highlight_terms, query_words
from search.highlight import highlight, page_text, snippet
from site_portal.params import year_param

PER_PAGE = 10
MAX_PAGE = 100  # deep pages are never useful and only cost time


@dataclass
class SearchRequest:
    q: str = ""
    title_only: bool = False
    product: str = ""
    date_from: object = None
    date_to: object = None
    selected: dict = field(default_factory=dict)  # facet name -> value (str)
    page: int = 1

    @property
    def has_text(self):
        return bool(query_words(self.q) or query_words(self.product))


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list


@dataclass
class Hit:
    page: Page
    type_label: str
    date: object
    title_html: str
    snippet_html: str


@dataclass
class SearchOutcome:
    request: SearchRequest
    total: int = 0
    hits: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    partial: bool = False  # nothing matched every word: these results match some of them
    page_obj: object = None


class _Counted:
    """A sized stand-in so Django's Paginator can number pages without the rows."""

    def __init__(self, total):
        self.total = total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return []


def searchable_content_types():
    return {t.key: ContentType.objects.get_for_model(t.model, for_concrete_model=False).pk
            for t in registry.searchable_types()}


def _annotated(queryset):
    annotations = {f"f_{name}": expression for name, expression in registry.facet_expressions().items()}
    date = registry.date_expression()
    if date is not None:
        annotations["f_date"] = date
        annotations["f_year"] = ExtractYear(date)
    return queryset.annotate(**annotations)


def scoped_queryset(request, content_types):
    """Live public pages of the searchable types, narrowed by the date range (not by facets)."""
    queryset = _annotated(Page.objects.live().public().filter(content_type_id__in=content_types.values()))
    if request.date_from:
        queryset = queryset.filter(f_date__gte=request.date_from)
    if request.date_to:
        queryset = queryset.filter(f_date__lte=request.date_to)
    return queryset


def _facet_filter(name, value, content_types):
    if name == "type":
        return {"content_type_id": content_types.get(value, -1)}
    if name == "year":
        return {"f_year": year_param(value) or -1}
    return {f"f_{name}": value}


def _group_value(row, name, type_by_ct):
    if name == "type":
        return type_by_ct.get(row["content_type_id"])
    value = row.get(f"f_{name}")
    return None if value in (None, "") else str(value)


def facet_counts(matched, request, content_types):
    """(total, {facet: Counter}, matched_any): each facet counted under the other facets' selections;
    ``matched_any`` says whether the text matched anything at all, whatever the facets."""
    columns = ["content_type_id"] + [f"f_{name}" for name in registry.facet_expressions()]
    if registry.date_expression() is not None:
        columns.append("f_year")
    groups = list(matched.values(*columns).annotate(n=Count("pk")).order_by())
    type_by_ct = {pk: key for key, pk in content_types.items()}
    names = ["type", *registry.facet_expressions(), *(["year"] if "f_year" in columns else [])]
    selected = {k: v for k, v in request.selected.items() if k in names}
    counts = {name: Counter() for name in names}
    total = 0
    for row in groups:
        values = {name: _group_value(row, name, type_by_ct) for name in names}
        failing = [name for name, wanted in selected.items() if values[name] != wanted]
        if not failing:
            total += row["n"]
        for name in names:
            if values[name] is not None and not [f for f in failing if f != name]:
                counts[name][values[name]] += row["n"]
    return total, counts, bool(groups)


def _option_label(name, value):
    if name == "type":
        searchable = registry.get_type(value)
        return searchable.label if searchable else value
    if name == "category" and ":" in value:
        key, code = value.split(":", 1)
        searchable = registry.get_type(key)
        return searchable.category_label(code) if searchable else code
    return value


def build_facets(counts, request):
    facets = []
    for name, label in registry.FACETS:
        if name not in counts:
            continue
        counter = counts[name]
        chosen = request.selected.get(name)
        if chosen and chosen not in counter:
            counter[chosen] = 0
        order = sorted(counter.items(), key=lambda item: (-int(item[0]), 0) if name == "year" else (-item[1], item[0]))
        options = [FacetOption(v, _option_label(name, v), n, v == chosen) for v, n in order]
        if options:
            facets.append(Facet(name, label, options))
    return facets


def _text_scope(request, scoped, backend, content_types):
    """The queryset free text is matched in, after the product-name search narrowed it."""
    if not query_words(request.product):
        return scoped
    product_cts = [content_types[t.key] for t in registry.searchable_types() if t.is_product]
    products = scoped.filter(content_type_id__in=product_cts)
    return backend.matcher(request.product, products, fields=["title"]).matched_queryset()


def run_search(request, backend=None):
    outcome = SearchOutcome(request=request)
    if not request.has_text:
        return outcome
    backend = backend or get_search_backend()
    content_types = searchable_content_types()
    scoped = _text_scope(request, scoped_queryset(request, content_types), backend, content_types)
    q = request.q[:MAX_QUERY_CHARS] if query_words(request.q) else request.product
    fields = ["title"] if request.title_only or not query_words(request.q) else None

    for operator in ("and", "or"):
        matched = backend.matcher(q, scoped, fields=fields, operator=operator).matched_queryset()
        total, counts, matched_any = facet_counts(matched, request, content_types)
        if matched_any:
            break  # the fallback is for text that matches nothing, not for facets that exclude everything
        if operator == "and" and len({t for w in query_words(q) for t in w.partial_terms()}) < 2:
            break  # one term: OR would be the same query
    outcome.partial = operator == "or"
    outcome.total = total
    outcome.facets = build_facets(counts, request)

    paginator = Paginator(_Counted(total), PER_PAGE)
    number = max(1, min(request.page, paginator.num_pages, MAX_PAGE))
    outcome.page_obj = paginator.get_page(number)
    if not total:
        return outcome
    final = scoped
    for name, value in request.selected.items():
        final = final.filter(**_facet_filter(name, value, content_types))
    start = (number - 1) * PER_PAGE
    ranked = backend.matcher(q, final, fields=fields, operator=operator).ranked_ids(start, start + PER_PAGE)
    outcome.hits = _hits([pk for pk, _score in ranked], highlight_terms(q, partial=outcome.partial))
    return outcome


def _hits(page_ids, terms):
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    hits = []
    for pk in page_ids:
        page = pages.get(pk)
        if page is None:
            continue
        searchable = registry.type_for_model(type(page))
        date = getattr(page, searchable.date_field, None) if searchable and searchable.date_field else None
        text = page_text(page, searchable.text_fields if searchable else ())
        hits.append(Hit(page=page, type_label=searchable.label if searchable else "", date=date,
                        title_html=highlight(page.title, terms), snippet_html=snippet(text, terms)))
    return hits

