"""Accessibility (DESIGN §10, WCAG 2.1 AA): axe-core, run in chromium on every public page type of the
demo site, finds no serious or critical violation. axe-core comes bundled in axe-playwright-python
(no network)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Page

from members.models import CertificationStatus, Enterprise
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _first_url(model_label):
    from django.apps import apps

    model = apps.get_model(model_label)
    page = model.objects.live().public().order_by("path").first()
    assert page is not None, f"seed_demo made no {model_label}"
    return page.url


def public_pages():
    from policies.models import PolicyIndexPage

    listing = PolicyIndexPage.objects.live().order_by("depth", "path").first()
    return {
        "home": "/",
        "channel listing": listing.url,
        "article": _first_url("policies.NewsPage"),
        "policy": _first_url("policies.PolicyPage"),
        "bank": _first_url("finance_market.BankPage"),
        "product": _first_url("finance_market.LoanProductPage"),
        "market": "/market/",
        "search results": "/search/?q=贷款",
        "consult": "/consult/",
        "FAQ": "/consult/faq/",
        "board": "/board/",
        "complaints": "/complaints/",
        "login": "/accounts/login/",
        "register": "/accounts/register/",
    }


MEMBER_PAGES = {
    "member centre": "/member/",
    "match": "/market/match/",
    "my applications": "/member/applications/",
    "ask a question": "/consult/new/",
    "messages": "/member/messages/",
}


def _violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"] if v["impact"] in BLOCKING
    ]


def test_no_serious_or_critical_accessibility_violation_on_any_public_page_type(page, live_server, demo_site):
    assert Page.objects.live().count() > 20
    found = {}
    for name, path in public_pages().items():
        problems = _violations(page, live_server.url + path)
        if problems:
            found[f"{name} {path}"] = problems
    account = Enterprise.objects.filter(status=CertificationStatus.CERTIFIED).first().account
    sign_in(page, live_server.url, account, via="session")
    for name, path in MEMBER_PAGES.items():
        problems = _violations(page, live_server.url + path)
        if problems:
            found[f"{name} {path}"] = problems
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())
