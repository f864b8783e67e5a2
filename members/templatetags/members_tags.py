from django import template

from members import centre
from members.masking import mask_code, mask_phone

register = template.Library()


@register.filter
def masked_phone(value, reveal=False):
    """``{{ phone|masked_phone:entitled }}``: full value only when ``entitled`` is true."""
    return value if reveal else mask_phone(value)


@register.filter
def masked_code(value, reveal=False):
    return value if reveal else mask_code(value)


@register.simple_tag(takes_context=True)
def member_centre_links(context):
    """``{% member_centre_links as links %}``: (link, badge) pairs of the member centre's menu for this user."""
    request = context.get("request")
    return centre.links_for(request.user) if request and request.user.is_authenticated else []


@register.simple_tag(takes_context=True)
def favourite_for(context, page):
    """``{% favourite_for page as favourite %}``: the signed-in user's 收藏 of ``page``, or None (no query for
    visitors, whose pages stay cacheable)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or page is None:
        return None
    from members.models import Favourite

    return Favourite.objects.filter(user=user, page=page).first()
