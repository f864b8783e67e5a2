"""The portal search: free text + field search + facets over the registered types (pages and the FAQ).

The search runs over :class:`search.models.SearchDocument` (one narrow row per indexed object with its
facet values, kept by the backends). Per search, two SQL queries touch the full-text index (plus one
per content type to load the page of results):

1. facet counts: the matching documents counted per facet group (:class:`search.models.SearchFacetGroup`,
   one distinct combination of type, category, department, institution, product type, year), the
   groups' values read from their small table; each facet's counts are then summed in Python over the
   groups that pass the *other* facets' selections, so choosing a category narrows the year counts but
   leaves the category list whole. A query that is one indexed term (担保), or one word the synonym table
   expands (贷款 → 贷款, 借款 or 融资), on PostgreSQL reads its groups' counts from
   :class:`search.models.SearchTermCount` instead of counting its matches;
2. the ranked page of results, restricted to all selections (as facet group ids).

Both are cached (:func:`cached`) until a document is written, so a repeated query touches the index
only to load its ten results. Only visible documents (live pages, published FAQ entries) are searched,
and never pages under a view restriction.
"""

import contextlib
import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from core.params import year_param
from search import documents, registry
from search.analysis import MAX_QUERY_CHARS, highlight_terms, query_words
from search.analysis import current_version as dictionary_version
from search.highlight import highlight, page_text, snippet
from search.models import SearchDocument, SearchFacetGroup, SearchTermCount

PER_PAGE = 10
MAX_PAGE = 100  # deep pages are never useful and only cost time
RESULT_CACHE_SECONDS = 3600  # a safety net: any document write already makes cached results unreachable


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
    page: object  # the page, or the plain model object (an FAQ entry)
    url: str
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
    did_you_mean: str | None = None  # for a query that found nothing whole: a known word close to it
    did_you_mean_url: str = ""


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


def scoped_documents(request):
    """Visible documents of the registered types (live public pages, published FAQ ...), narrowed by the
    date range (not by facets)."""
    documents = SearchDocument.objects.filter(visible=True, type__in=[t.key for t in registry.searchable_types()])
    if PageViewRestriction.objects.exists():  # pages under a view restriction are never searched
        documents = documents.exclude(page_id__in=Page.objects.not_public().values("pk"))
    if request.date_from:
        documents = documents.filter(date__gte=request.date_from)
    if request.date_to:
        documents = documents.filter(date__lte=request.date_to)
    return documents


def _facet_filter(name, value):
    if name == "year":
        return {"year": year_param(value) or -1}
    return {name: value}


def selected_documents(documents, selected, by_group=False):
    """``documents`` narrowed to the selected facet values. ``by_group`` (PostgreSQL): to the facet groups that have
    them (one integer column, indexed and covered by the candidate index), and for a year also to its dates (the
    same documents, found by date)."""
    if not selected:
        return documents
    if not by_group:
        for name, value in selected.items():
            documents = documents.filter(**_facet_filter(name, value))
        return documents
    groups = SearchFacetGroup.objects.filter(visible=True)
    for name, value in selected.items():
        groups = groups.filter(**_facet_filter(name, value))
    documents = documents.filter(group_id__in=list(groups.values_list("pk", flat=True)) or [0])
    year = year_param(selected["year"]) if "year" in selected else None
    if year:
        documents = documents.filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
    return documents


def cached(parts, compute):
    """``compute()``, cached under ``parts``, the documents version and the dictionary version: a repeated query costs
    one cache read until a document is written, a view restriction changes (search.documents.bump_version) or the
    finance dictionary (how queries are segmented) is edited."""
    versions = (documents.version(), dictionary_version())
    key = "search:results:" + hashlib.sha256(repr((versions, *parts)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, RESULT_CACHE_SECONDS)
    return value


def _expand_groups(counts):
    """{group id: count} as [{facet: value, ..., "n": count}], for the visible groups of the searchable types."""
    names = list(registry.FACET_NAMES)
    types = [t.key for t in registry.searchable_types()]
    wanted = [pk for pk, n in counts.items() if pk is not None and n > 0]
    groups = SearchFacetGroup.objects.filter(pk__in=wanted, visible=True, type__in=types)
    return [
        {**dict(zip(names, values, strict=True)), "n": counts[pk]}
        for pk, *values in groups.order_by("pk").values_list("pk", *names)
    ]


def matching(backend):
    """The backend's settings for statements that match text (PostgreSQL: no sequential scan), if it has any."""
    settings = getattr(backend, "matching", None)
    return settings() if settings else contextlib.nullcontext()


def facet_groups(matched, names=None, backend=None):
    """[{facet: value, ..., "n": count}] of the matched documents (cached, keyed on the SQL that counts them): the
    matches are counted per facet group (one integer) and the groups' values read from their small table."""
    grouped = matched.values_list("group_id").annotate(n=Count("pk")).order_by()

    def compute():
        with matching(backend):
            counts = dict(grouped)
        return _expand_groups(counts)

    return cached(("facets", *grouped.query.sql_with_params()), compute)


def term_facet_groups(word, title_only, scoped, backend):
    """facet_groups() of a query that is one word, ``word`` = (query word, its indexed term or the key of its synonym
    expansion), or a counted query of several words (None, its key), from the precomputed SearchTermCount rows
    (search.documents) instead of counting its matches:

    * the documents holding the term, per group, from the table; pages under a view restriction, which the search
      leaves out at query time, are counted over their matches and subtracted;
    * None when the table does not hold the term's counts (a synonym expansion not counted since the synonym table
      changed): the caller counts the matches;
    * for a word that also matches through its character pairs (小微企业: the term, or 小微 & 微企 & 企业), the
      documents with all the pairs but not the term are counted over the ``scoped`` documents and added: a
      handful, since a text with the pairs nearly always holds the word too (a synonym expansion's or a counted
      query's counts already include its words' pairs).
    """
    query_word, term = word
    column = "titles" if title_only else "documents"
    alternatives = query_word.alternatives if query_word else ()

    def compute():
        if not backend.has_counts(term):
            return None  # a synonym expansion not counted yet: the caller counts the matches
        counts = Counter(
            dict(SearchTermCount.objects.filter(term=term, **{f"{column}__gt": 0}).values_list("group_id", column))
        )
        with matching(backend):
            if restricted_pages:
                restricted = SearchDocument.objects.filter(page_id__in=Page.objects.not_public().values("pk"))
                holding = backend.term_documents(restricted, term, title_only)
                for group_id, n in holding.values_list("group_id").annotate(n=Count("pk")).order_by():
                    counts[group_id] -= n
            if alternatives and not query_word.synonyms:  # (an expansion's counts include the pairs)
                others = backend.pairs_only_documents(scoped, query_word, title_only)
                for group_id, n in others.values_list("group_id").annotate(n=Count("pk")).order_by():
                    counts[group_id] += n
        return _expand_groups(counts)

    restricted_pages = PageViewRestriction.objects.exists()
    return cached(("terms", term, alternatives, column, restricted_pages), compute)


def single_word(request, q, backend, operator):
    """(query word, its SearchTermCount term) when precomputed counts may answer this query exactly, else None: a
    backend that keeps them, a query of one word (not a one-character prefix) indexed as one term or expanded by the
    synonym table, or (None, its key) for several words (none a prefix) that may be a counted query
    (search.models.SearchCountedQuery), all words required, and no date range or product name narrowing the
    documents."""
    if not getattr(backend, "counts_terms", False) or operator != "and":
        return None
    if request.date_from or request.date_to or query_words(request.product):
        return None
    words = query_words(q)
    if not words or any(word.prefix for word in words):
        return None
    if len(words) > 1:
        return None, documents.query_expansion(words)[0]
    term = backend.counted_term(words[0])
    return (words[0], term) if term else None


def facet_counts(matched, request, groups=None, backend=None):
    """(total, {facet: Counter}, matched_any): each facet counted under the other facets' selections;
    ``matched_any`` says whether the text matched anything at all, whatever the facets. ``groups``: the
    facet_groups() when already known (from the term counts)."""
    names = list(registry.FACET_NAMES)
    groups = facet_groups(matched, names, backend) if groups is None else groups
    selected = {k: v for k, v in request.selected.items() if k in names}
    counts = {name: Counter() for name in names}
    total = 0
    for row in groups:
        values = {name: None if row[name] in (None, "") else str(row[name]) for name in names}
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
    for searchable in registry.searchable_types():  # a choices code (产品类型 credit): its label
        label = searchable.facet_label(name, value)
        if label != value:
            return label
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


def _text_scope(request, scoped, backend):
    """The documents free text is matched in, after the product-name search narrowed them."""
    if not query_words(request.product):
        return scoped
    products = scoped.filter(type__in=[t.key for t in registry.searchable_types() if t.is_product])
    return backend.document_matcher(request.product, products, fields=["title"]).matched_queryset()


def run_search(request, backend=None):
    outcome = SearchOutcome(request=request)
    if not request.has_text:
        return outcome
    backend = backend or get_search_backend()
    scoped = _text_scope(request, scoped_documents(request), backend)
    q = request.q[:MAX_QUERY_CHARS] if query_words(request.q) else request.product
    fields = ["title"] if request.title_only or not query_words(request.q) else None

    for operator in ("and", "or"):
        matched = backend.document_matcher(q, scoped, fields=fields, operator=operator).matched_queryset()
        word = single_word(request, q, backend, operator)
        groups = None if word is None else term_facet_groups(word, bool(fields), scoped, backend)
        total, counts, matched_any = facet_counts(matched, request, groups, backend)
        if matched_any:
            break  # the fallback is for text that matches nothing, not for facets that exclude everything
        if operator == "and" and len({t for w in query_words(q) for t in w.partial_terms()}) < 2:
            break  # one term: OR would be the same query
    outcome.partial = operator == "or"
    outcome.total = total
    if (outcome.partial or not total) and not request.selected:
        from search.did_you_mean import did_you_mean

        outcome.did_you_mean = did_you_mean(request.q or request.product)
    outcome.facets = build_facets(counts, request)

    paginator = Paginator(_Counted(total), PER_PAGE)
    number = max(1, min(request.page, paginator.num_pages, MAX_PAGE))
    outcome.page_obj = paginator.get_page(number)
    if not total:
        return outcome
    final = selected_documents(scoped, request.selected, by_group=getattr(backend, "narrows_by_group", False))
    start = (number - 1) * PER_PAGE
    matcher = backend.document_matcher(q, final, fields=fields, operator=operator)
    key = ("ranked", type(backend).__name__, q, fields, operator, *final.query.sql_with_params(), start)

    def rank():
        with matching(backend):
            return matcher.ranked(start, start + PER_PAGE, total=total)

    ranked = cached(key, rank)
    outcome.hits = _hits([(ct, pk) for ct, pk, _score in ranked], highlight_terms(q, partial=outcome.partial))
    return outcome


def load_objects(keys):
    """{(content_type_id, object_id): specific object} for ranked results (pages in one query)."""
    page_types = {ct for ct, _pk in keys if _is_page_type(ct)}
    found = {}
    page_ids = [pk for ct, pk in keys if ct in page_types]
    if page_ids:
        for page in Page.objects.filter(pk__in=page_ids).specific():
            found[(page.content_type_id, page.pk)] = page
    for ct in {ct for ct, _pk in keys} - page_types:
        model = ContentType.objects.get_for_id(ct).model_class()
        for obj in model._default_manager.filter(pk__in=[pk for c, pk in keys if c == ct]):
            found[(ct, obj.pk)] = obj
    return found


def _is_page_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and issubclass(model, Page)


def _hits(keys, terms):
    objects = load_objects(keys)
    hits = []
    for key in keys:
        obj = objects.get(key)
        if obj is None:
            continue
        searchable = registry.type_for_model(type(obj))
        if searchable is None:
            continue
        date = getattr(obj, searchable.date_field, None) if searchable.date_field else None
        text = page_text(obj, searchable.text_fields)
        hits.append(Hit(page=obj, url=searchable.url_of(obj), type_label=searchable.label, date=date,
                        title_html=highlight(searchable.title_of(obj), terms), snippet_html=snippet(text, terms)))
    return hits
