from django.urls import path

from home import selfcheck, sitemap

app_name = "home"

urlpatterns = [
    path("selfcheck/", selfcheck.selfcheck, name="selfcheck"),
    path("sitemap/", sitemap.sitemap_page, name="sitemap"),
]
