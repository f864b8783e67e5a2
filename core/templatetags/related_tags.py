"""``{% related_content page %}``: the 相关内容 box on news, policy, case and product pages (core.related)."""

from django import template

from core.related import related_items

register = template.Library()


@register.inclusion_tag("site_portal/includes/related.html")
def related_content(page):
    return {"items": related_items(page)}
