from django.urls import path

from finance_market.views import calculator, cart, market, member, needs

app_name = "market"

urlpatterns = [
    path("", market.market, name="market"),
    path("match/", market.match, name="match"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/<int:pk>/remove/", cart.cart_remove, name="cart_remove"),
    path("cart/checkout/", cart.checkout, name="checkout"),
    path("needs/", needs.need_list, name="needs"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/claim/", needs.need_claim, name="need_claim"),
    path("needs/<int:pk>/withdraw/", needs.need_withdraw, name="need_withdraw"),
    path("attachments/<int:pk>/", member.attachment, name="attachment"),
]
