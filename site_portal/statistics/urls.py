from django.urls import path

from site_portal.statistics import views

app_name = "data"
urlpatterns = [path("", views.data_overview, name="overview")]
