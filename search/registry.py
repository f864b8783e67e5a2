"""Which page types the portal search covers, and where each facet's value comes from.

A content type joins the search by declaring its ``search_fields`` (Wagtail indexes it) and one
``register(...)`` call in :func:`register_defaults` below (news, policies, cases and static pages
today; products, banks, projects and FAQ add their line when they land).
"""

from dataclasses import dataclass, field

from django.db.models import CharField, F, Func, Value
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
    """One searchable page model.

    ``facets`` maps a facet name (category, department, institution, product_type) to a field path on
    the model; category values are namespaced with ``key`` (``news:notice``, ``policy:tax``) since
    each type has its own categories. ``date_field`` feeds the year facet and the date range.
    ``text_fields`` are shown, highlighted, in the result snippet. ``is_product`` marks the types the
    “product name” field search looks in (their title is the product name).
    """

    model: type
    key: str
    facets: dict = field(default_factory=dict)
    date_field: str | None = "date"
    text_fields: tuple = ("summary", "body")
    is_product: bool = False

    @cached_property
    def accessor(self):
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

    def category_label(self, code):
        path = self.facets.get("category")
        if not path:
            return code
        choices = dict(self.model._meta.get_field(path).choices or [])
        return choices.get(code, code)


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


def register_defaults():
    from enterprise_list.models import EnterpriseListPage, ProjectPage
    from policies.models import CasePage, NewsPage, PolicyPage, StandardPage

    register(NewsPage, "news", facets={"category": "category", "department": "source"})
    register(PolicyPage, "policy", facets={"category": "policy_type", "department": "issuing_authority"},
             text_fields=("summary", "body", "interpretation"))
    register(CasePage, "case", facets={"institution": "institution_name"})
    register(StandardPage, "page", date_field=None)
    from finance_market.models import BankPage, LoanProductPage

    register(LoanProductPage, "product", facets={"institution": "institution__name", "product_type": "product_type"},
             date_field=None, text_fields=("target_customers", "features"), is_product=True)
    register(BankPage, "bank", facets={"institution": "institution__name"}, date_field=None, text_fields=("intro",))
    register(ProjectPage, "project", facets={"category": "project_type", "department": "department__name"})
    register(EnterpriseListPage, "list", facets={"category": "list_type", "department": "department__name"},
             text_fields=("intro",))


def facet_expressions():
    """{facet: expression over Page} for the facets some registered type provides (year is separate)."""
    from django.db.models.functions import Coalesce

    expressions = {}
    for facet in FACET_NAMES:
        if facet in ("type", "year"):
            continue
        sources = []
        for searchable in searchable_types():
            path = searchable.facets.get(facet)
            if not path:
                continue
            column = F(searchable.lookup(path))
            if facet == "category":
                # "||" keeps NULL for other types' rows (Concat would turn NULL into "news:")
                column = Func(Value(f"{searchable.key}:"), column, template="(%(expressions)s)",
                              arg_joiner=" || ", output_field=CharField())
            sources.append(column)
        if len(sources) == 1:
            expressions[facet] = sources[0]
        elif sources:
            expressions[facet] = Coalesce(*sources, output_field=CharField())
    return expressions


def date_expression():
    """The page's date (each type's own date field), or None if no type has one."""
    from django.db.models import DateField
    from django.db.models.functions import Coalesce

    sources = [F(t.lookup(t.date_field)) for t in searchable_types() if t.date_field]
    if not sources:
        return None
    return sources[0] if len(sources) == 1 else Coalesce(*sources, output_field=DateField())
