from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def cell(table, row, column):
    return table.cell(row, column)


@register.simple_tag
def drill_url(table, row, column, query):
    """The drill-down link behind a number, or "" when the number has no list behind it."""
    if column.drill is None or table.drill is None or not row.get(column.key):
        return ""
    params = dict(column.drill)
    if table.drill != "all":
        params.update(dim=table.drill, key=row.get("dim_key"))
    return f"{reverse('statistics:drilldown')}?{query}&{urlencode(params)}"


@register.simple_tag
def cell_value(value, kind):
    from reports.tables import display

    return display(value, kind)
