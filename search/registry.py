"""Which content types the portal search covers, and where each facet's value comes from.

A content type joins the search by declaring its ``search_fields`` (Wagtail indexes it) and one
``register(...)`` call in :func:`register_defaults` below. Pages and plain models (the FAQ) alike:
the search backends copy each registered object's facet values into a
:class:`search.models.SearchDocument` row whenever they index it (see search.documents).
"""

from dataclasses import dataclass, field

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

# Facets shown on the search page, in order: (GET parameter, heading).
FACETS = [
    ("type", _("内容类型")),
    ("category", _("分类")),
    ("department", _("发布部门")),
    ("institution", _("金融机构")),
    ("product_type", _("产品类型")),
    ("year", _("年份")),
]
FACET_NAMES = [name for name, _label in FACETS]


@dataclass
class SearchableType:
    """One searchable model: the facets, date and visibility the search page needs beside its text.

    What is searchable is the model's own ``search_fields`` (one declaration: the text a visitor reads on the
    page, its labels included, see e.g. ``LoanProductPage.search_labels``); the result snippet shows the same
    text fields, in their order (:attr:`text_fields`).

    ``facets`` maps a facet name (category, department, institution, product_type) to a field path on the model,
    or to a function ``pks -> {pk: value}`` when the value a visitor should see is not a column (the institution a
    case names, the department of a news channel); category values are namespaced with ``key`` (``news:notice``,
    ``policy:tax``) since each type has its own categories. Codes of a choices field are shown by their label.
    ``date_field`` feeds the year facet and the date range. ``is_product`` marks the types the “product name”
    field search looks in (their title is the product name).

    Plain models (not pages) also give ``title_field`` (indexed as the title, so title-only search and
    the title weight apply), ``visible_field`` (a boolean: only true rows are ever found; pages use
    ``live`` and their view restrictions) and ``url`` (object -> where the result links to).
    """

    model: type
    key: str
    facets: dict = field(default_factory=dict)
    date_field: str | None = "date"
    is_product: bool = False
    title_field: str = "title"
    visible_field: str = "live"
    url: object = None

    @cached_property
    def text_fields(self):
        """The model's searched text fields other than its title, for the result snippet: its stored text only (a
        computed field such as ``search_labels`` would cost queries per result)."""
        from modelsearch.index import SearchField

        names = [f.field_name for f in self.model.get_search_fields() if isinstance(f, SearchField)]
        return tuple(dict.fromkeys(
            name for name in names
            if name not in ("title", self.title_field) and not callable(getattr(self.model, name, None))
        ))

    @cached_property
    def is_page(self):
        return issubclass(self.model, Page)

    def title_of(self, obj):
        return getattr(obj, self.title_field)

    def url_of(self, obj, request=None):
        if self.url is not None:
            return self.url(obj)
        return obj.get_url(request)

    @cached_property
    def accessor(self):  # (pages only)
        """The lookup from Page down to this model's table (``newspage``)."""
        names, model = [], self.model
        while model is not Page:
            names.insert(0, model._meta.model_name)
            model = next(iter(model._meta.parents))
        return "__".join(names)

    def lookup(self, path):
        return f"{self.accessor}__{path}"

    @cached_property
    def label(self):
        return self.model._meta.verbose_name

    def facet_label(self, facet, code):
        """The label of a facet value stored as a choices code (产品类型 ``credit`` → 信用贷款)."""
        path = self.facets.get(facet)
        if not isinstance(path, str) or "__" in path:
            return code
        choices = dict(self.model._meta.get_field(path).choices or [])
        return choices.get(code, code)

    def category_label(self, code):
        return self.facet_label("category", code)


_registry: dict[str, SearchableType] = {}


def register(model, key, **options):
    _registry[key] = SearchableType(model=model, key=key, **options)


def searchable_types():
    if not _registry:
        register_defaults()
    return list(_registry.values())


def get_type(key):
    searchable_types()
    return _registry.get(key)


def type_for_model(model):
    return next((t for t in searchable_types() if t.model is model), None)


def as_title(obj, search_field):
    """The search field to index a value under: a plain model's ``title_field`` is indexed as the title."""
    from modelsearch.index import SearchField

    if isinstance(search_field, SearchField) and search_field.field_name != "title":
        searchable = type_for_model(type(obj))
        if searchable is not None and search_field.field_name == searchable.title_field:
            return SearchField("title", boost=search_field.boost)
    return search_field


def register_defaults():
    """The portal's searchable types: the pages a visitor can open (articles, products, banks, lists and the
    channels with their intros) and the FAQ."""
    from django.urls import reverse

    from consultations.models import FAQ
    from core.pages import ListingIndexPage
    from enterprise_list.models import EnterpriseListIndexPage, EnterpriseListPage, ProjectPage
    from finance_market.models import BankIndexPage, BankPage, LoanProductPage
    from policies.models import CasePage, NewsPage, PolicyPage, StandardPage
    from search import facet_values

    register(NewsPage, "news", facets={"category": "category", "department": facet_values.channel_departments})
    register(PolicyPage, "policy", facets={"category": "policy_type", "department": facet_values.policy_departments})
    register(CasePage, "case", facets={"institution": facet_values.case_institutions})
    register(StandardPage, "page", date_field=None)
    register(LoanProductPage, "product", facets={"institution": "institution__name", "product_type": "product_type"},
             date_field=None, is_product=True)
    register(BankPage, "bank", facets={"institution": "institution__name"}, date_field=None)
    register(ProjectPage, "project", facets={"category": "project_type", "department": "department__name"})
    register(EnterpriseListPage, "list", facets={"category": "list_type", "department": "department__name"})
    for model in [*_concrete_subclasses(ListingIndexPage), BankIndexPage, EnterpriseListIndexPage]:
        name = model._meta.model_name.removesuffix("indexpage").removeprefix("enterprise")
        register(model, f"channel_{name}", date_field=None)
    register(FAQ, "faq", facets={"category": "category__name"}, date_field=None,
             title_field="question", visible_field="is_published",
             url=lambda faq: f"{reverse('consultations:faq')}#faq-entry-{faq.pk}")


def _concrete_subclasses(model):
    for subclass in model.__subclasses__():
        if not subclass._meta.abstract:
            yield subclass
        yield from _concrete_subclasses(subclass)
