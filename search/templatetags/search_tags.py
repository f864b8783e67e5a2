"""``{% related_content page %}``: the related items box on news, policy, case and product pages."""

from django import template

from search.related import related_items

register = template.Library()


@register.inclusion_tag("search/includes/related.html")
def related_content(page):
    return {"items": related_items(page)}
