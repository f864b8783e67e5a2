"""The search page's GET parameters, validated into a SearchRequest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import year_param
from search import registry
from search.engine import SearchRequest

MAX_INPUT_CHARS = 500  # longer input is cut, never rejected; the analyzer uses the first 200 characters


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, strip=True)
    field = forms.ChoiceField(label=_("搜索范围"), required=False,
                              choices=[("", _("全文")), ("title", _("仅标题"))])
    product = forms.CharField(label=_("产品名称"), required=False, strip=True)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in ("q", "product"):
                if name in data:
                    data[name] = data[name][:MAX_INPUT_CHARS]
        super().__init__(data, *args, **kwargs)
        if not any(t.is_product for t in registry.searchable_types()):
            del self.fields["product"]  # no product type registered yet

    def to_request(self):
        self.is_valid()  # an invalid field (e.g. a bad date) is dropped from cleaned_data, the rest still apply
        data = self.cleaned_data
        selected = {}
        for name in registry.FACET_NAMES:
            value = (self.data.get(name) or "").strip()[:100]
            if name == "year" and year_param(value) is None:
                continue  # like a bad date: ignored (the facet list sorts years as numbers)
            if value:
                selected[name] = value
        return SearchRequest(
            q=data.get("q") or "",
            title_only=data.get("field") == "title",
            product=data.get("product") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            selected=selected,
            page=data.get("page") or 1,
        )
