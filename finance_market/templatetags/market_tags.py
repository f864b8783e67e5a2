from django import template

register = template.Library()


@register.filter
def stars(score):
    score = int(score or 0)
    return "★" * score + "☆" * (5 - score)


def _cart_state(request):
    """(is an enterprise, is it certified, ids of the products in its cart), read once per request however many
    cards show."""
    if request is None:
        return False, False, frozenset()
    state = getattr(request, "_market_cart_state", None)
    if state is None:
        from finance_market.models import CartItem
        from finance_market.permissions import enterprise_of

        enterprise = enterprise_of(request.user)
        ids = (frozenset(CartItem.objects.filter(enterprise=enterprise).values_list("product_id", flat=True))
               if enterprise is not None else frozenset())
        certified = enterprise is not None and enterprise.is_certified
        state = request._market_cart_state = (enterprise is not None, certified, ids)
    return state


@register.inclusion_tag("finance_market/_product_actions.html", takes_context=True)
def product_actions(context, product, detail=False):
    """立即申请 / 加入购物车 / 已在购物车 for the signed-in certified enterprise, 认证后可申请 (to 企业认证) for one not
    yet certified, 登录后申请 for a visitor: the same on every product card and on the product page (``detail``: no
    查看详情 link)."""
    request = context.get("request")
    is_enterprise, certified, in_cart = _cart_state(request)
    return {"product": product, "request": request, "csrf_token": context.get("csrf_token"), "detail": detail,
            "is_enterprise": is_enterprise, "certified": certified, "in_cart": product.pk in in_cart,
            "signed_in": bool(request and request.user.is_authenticated)}
