from django.urls import path

from enterprise_list import listing, selfcheck

app_name = "enterprise_list"

urlpatterns = [
    path("selfcheck/", selfcheck.selfcheck, name="selfcheck"),
    path("member/listing-plan/", listing.my_listing_plan, name="listing_plan"),
]
