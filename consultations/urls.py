"""Mounted by site_portal/urls.py at /consult/, /board/ and /complaints/ (DESIGN §12)."""

from django.urls import path

from consultations import views

consult_patterns = (
    [
        path("", views.consult_index, name="index"),
        path("new/", views.consult_new, name="new"),
        path("faq/", views.faq, name="faq"),
        path("experts/", views.experts, name="experts"),
        path("alerts/", views.alert_settings, name="alerts"),
        path("<int:pk>/", views.consult_detail, name="detail"),
    ],
    "consultations",
)

board_patterns = ([path("", views.board_index, name="index")], "board")

complaint_patterns = (
    [
        path("", views.complaint_index, name="index"),
        path("new/", views.complaint_new, name="new"),
        path("appeal/", views.appeal_index, name="appeal"),
        path("<int:pk>/", views.complaint_detail, name="detail"),
    ],
    "complaints",
)
