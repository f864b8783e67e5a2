"""/search/ (the results page) and /search/suggest/ (autocomplete JSON)."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.backends import get_search_backend

from search import registry
from search.analysis import query_words
from search.engine import SearchRequest, load_objects, run_search, scoped_documents
from search.forms import SearchForm
from search.highlight import highlight
from search.models import FinanceTerm, NoResultQuery

SUGGESTIONS = 8


@require_GET
def search_view(request):
    form = SearchForm(request.GET)
    search_request = form.to_request()
    outcome = run_search(search_request)
    _attach_facet_urls(request.GET, outcome)
    if search_request.has_text and search_request.page == 1 and not search_request.selected:
        _log_query(search_request.q or search_request.product, outcome)
    response = TemplateResponse(request, "search/search.html", {
        "form": form, "outcome": outcome, "search": search_request,
        "show_product": "product" in form.fields,
    })
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


def _log_query(text, outcome):
    """Wagtail's query log counts every query; queries whose words all matched nothing are kept too."""
    Query.get(text).add_hit()
    if outcome.total == 0 or outcome.partial:
        NoResultQuery.record(Query.get(text).query_string)


@require_GET
def suggest_view(request):
    """Dictionary terms starting with the input, and up to eight titles (pages, FAQ questions) matching it."""
    q = (request.GET.get("q") or "").strip()[:50]
    payload = {"query": q, "terms": [], "pages": []}
    if query_words(q):
        payload["terms"] = list(
            FinanceTerm.objects.filter(enabled=True, word__startswith=q).values_list("word", flat=True)[:5]
        )
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
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response
