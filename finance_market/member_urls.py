"""/member/applications/: the enterprise's side of its applications."""

from django.urls import path

from finance_market.views import member

app_name = "market_member"

urlpatterns = [
    path("", member.application_list, name="applications"),
    path("<str:reference>/", member.application_detail, name="application"),
    path("<str:reference>/<str:action>/", member.application_action, name="application_action"),
]
