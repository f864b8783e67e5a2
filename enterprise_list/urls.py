from django.urls import path

from enterprise_list.listing import views as listing

app_name = "enterprise_list"

urlpatterns = [
    path("member/listing-plan/", listing.my_listing_plan, name="listing_plan"),
]
