from django.urls import path

from reports import views

app_name = "data"
urlpatterns = [path("", views.data_overview, name="overview")]
