from django.urls import path

from home import selfcheck

app_name = "home"

urlpatterns = [
    path("selfcheck/", selfcheck.selfcheck, name="selfcheck"),
]
