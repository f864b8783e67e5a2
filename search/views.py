"""/search/ (the results page) and /search/suggest/ (autocomplete JSON)."""

import json
import logging

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.search.backends import get_search_backend

from core.page_cache import cache_for_anonymous
from finance_market.models import LoanProductPage
from search import query_log, registry
from search.analysis import dictionary, query_words
from search.engine import SearchRequest, load_objects, run_search, scoped_documents
from search.forms import SearchForm
from search.highlight import highlight
from search.models import FinanceTerm

logger = logging.getLogger(__name__)

SUGGESTIONS = 8
_JSON_HTML_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@cache_for_anonymous
@require_GET
def search_view(request):
    form = SearchForm(request.GET)
    search_request = form.to_request()
    try:
        outcome = run_search(search_request)
    except Exception:  # the search backend (Elasticsearch) is down or broken: say so, keep the site up
        logger.exception("search backend failed for %r", search_request.q)
        response = TemplateResponse(request, "search/search.html", {
            "form": form, "outcome": None, "search": search_request, "unavailable": True,
            "show_product": "product" in form.fields,
        }, status=503)
        response["Cache-Control"] = "no-store"
        response["Retry-After"] = "60"
        return response
    _attach_facet_urls(request.GET, outcome)
    _mark_product_cards(outcome)
    if outcome.did_you_mean:
        query = request.GET.copy()
        query.pop("page", None)
        query["q"] = outcome.did_you_mean
        query.pop("product", None)
        outcome.did_you_mean_url = "?" + query.urlencode()
    response = TemplateResponse(request, "search/search.html", {
        "form": form, "outcome": outcome, "search": search_request,
        "show_product": "product" in form.fields,
    })
    if search_request.has_text and search_request.page == 1 and not search_request.selected:
        # Wagtail's query log counts every query; those whose words all matched nothing are kept too
        query_log.remember(response, search_request.q or search_request.product,
                           no_result=outcome.total == 0 or outcome.partial)
    response["Cache-Control"] = "public, max-age=60, s-maxage=300"
    return response


def _attach_facet_urls(params, outcome):
    """Each option links to the same search with that option toggled (and back to page 1)."""
    for facet in outcome.facets:
        for option in facet.options:
            query = params.copy()
            query.pop("page", None)
            if option.selected:
                query.pop(facet.name, None)
            else:
                query[facet.name] = option.value
            option.url = "?" + query.urlencode()


def _mark_product_cards(outcome):
    """Loan products show the 金融超市 product card (bank logo, rate, amount, term, guarantee, 立即申请)."""
    products = [hit.page for hit in outcome.hits if isinstance(hit.page, LoanProductPage)]
    prefetch_related_objects(products, "institution__bank_page__logo")
    for hit in outcome.hits:
        hit.product_card = isinstance(hit.page, LoanProductPage)


@require_GET
def suggest_view(request):
    """Dictionary terms starting with the input, and up to eight titles (pages, FAQ questions) matching it."""
    q = (request.GET.get("q") or "").strip()[:50]
    payload = {"query": q, "terms": [], "pages": []}
    try:
        _suggest(request, q, payload)
    except Exception:  # suggestions are a nicety: an empty list while the backend is down
        logger.exception("search suggestions failed for %r", q)
        payload.update(terms=[], pages=[], unavailable=True)
    # < > & escaped as in json_script: the echoed query can never be read as markup, even if sniffed
    body = json.dumps(payload, ensure_ascii=False).translate(_JSON_HTML_ESCAPES)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "public, max-age=60"
    return response


def _suggest(request, q, payload):
    if query_words(q):
        terms = list(FinanceTerm.objects.filter(enabled=True, word__startswith=q).values_list("word", flat=True)[:5])
        terms += [word for word in dictionary.synonyms().words() if word.startswith(q) and word != q]
        payload["terms"] = list(dict.fromkeys(terms))[:5]
        documents = scoped_documents(SearchRequest())
        ranked = get_search_backend().document_matcher(q, documents, fields=["title"]).ranked(0, SUGGESTIONS)
        keys = [(ct, pk) for ct, pk, _score in ranked]
        found = load_objects(keys)
        for key in keys:
            obj = found.get(key)
            searchable = registry.type_for_model(type(obj))
            if obj is None or searchable is None:
                continue
            title = searchable.title_of(obj)
            payload["pages"].append({
                "title": title,
                "title_html": str(highlight(title, [w.word for w in query_words(q)])),
                "url": searchable.url_of(obj, request),
                "type": str(searchable.label),
            })
