from django.urls import path

from reports import views

app_name = "data"
urlpatterns = [
    path("", views.data_overview, name="overview"),
    path("screen/", views.data_screen, name="screen"),  # 数据大屏 (F-STAT-11)
    path("screen/data.json", views.data_screen_json, name="screen_data"),
]
