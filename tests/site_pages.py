"""The front office's pages, one of each type, on the demo site (seed_demo): what the phone-layout and axe
browser test and the Nu HTML Checker test open. Call these after seeding."""

from django.apps import apps

ENTERPRISE = "91350100MA2Y4LQ006"  # seed_demo's certified enterprise

PAGE_TYPES = [
    ("news listing", "policies.NewsIndexPage"),
    ("article", "policies.NewsPage"),
    ("policy listing", "policies.PolicyIndexPage"),
    ("policy", "policies.PolicyPage"),
    ("case listing", "policies.CaseIndexPage"),
    ("case", "policies.CasePage"),
    ("static page", "policies.StandardPage"),
    ("banks", "finance_market.BankIndexPage"),
    ("bank", "finance_market.BankPage"),
    ("product", "finance_market.LoanProductPage"),
    ("project listing", "enterprise_list.ProjectIndexPage"),
    ("project", "enterprise_list.ProjectPage"),
    ("enterprise lists", "enterprise_list.EnterpriseListIndexPage"),
    ("enterprise list", "enterprise_list.EnterpriseListPage"),
]

VIEWS = {
    "home": "/",
    "market": "/market/",
    "calculator": "/market/calculator/",
    "self-check": "/selfcheck/",
    "search results": "/search/?q=贷款",
    "consult": "/consult/",
    "FAQ": "/consult/faq/",
    "experts": "/consult/experts/",
    "board": "/board/",
    "complaints": "/complaints/",
    "data": "/data/",
    "data screen": "/data/screen/",
    "sitemap": "/sitemap/",
    "login": "/accounts/login/",
    "register": "/accounts/register/",
    "not found": "/no-such-page/",
}

MEMBER_PAGES = {
    "member centre": "/member/",
    "my applications": "/member/applications/",
    "match": "/market/match/",
    "cart": "/market/cart/",
    "needs": "/market/needs/",
    "profile": "/member/profile/",
    "certification": "/member/certification/",
    "data grants": "/member/data-grants/",
    "who viewed my data": "/member/data-views/",
    "messages": "/member/messages/",
    "favourites": "/member/favourites/",
    "ask a question": "/consult/new/",
    "alerts": "/consult/alerts/",
    "complain": "/complaints/new/",
    "listing plan": "/member/listing-plan/",
    "password": "/accounts/password/change/",
    "cancel account": "/member/cancel/",
}


def _first_url(model_label):
    page = apps.get_model(model_label).objects.live().public().order_by("path").first()
    assert page is not None, f"seed_demo made no {model_label}"
    return page.url


def public_pages():
    """{name: path} of every public page type (Wagtail page types and the views that are not pages)."""
    return {**VIEWS, **{name: _first_url(label) for name, label in PAGE_TYPES}}


def member_pages():
    """{name: path} of every page of the certified enterprise's member centre, one application included."""
    from finance_market.models import LoanApplication

    application = LoanApplication.objects.filter(enterprise__credit_code=ENTERPRISE).order_by("pk").first()
    assert application is not None, "seed_demo made no application for the certified enterprise"
    return {**MEMBER_PAGES, "application": application.get_member_url()}


def enterprise_account():
    from members.models import Enterprise

    return Enterprise.objects.get(credit_code=ENTERPRISE).account
