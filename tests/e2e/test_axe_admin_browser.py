"""Accessibility of the back office (DESIGN §10, WCAG 2.1 AA): axe-core, run in chromium on the Wagtail admin
pages this project adds or customises, signed in as the demo's platform admin, a department editor, the 人民银行
supervisor, a level-2 platform admin and a bank officer, finds no serious or critical violation in our markup.

Wagtail's own admin markup is not ours to fix: the few violations axe reports there are waived narrowly in
WAGTAIL_CORE (rule id + CSS selector, each naming the Wagtail template it comes from). One seeded database
serves the whole test (seed_demo is the slow part)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Violations in Wagtail core's admin, waived by (rule id, CSS selector the offending node matches). Each is
# markup Wagtail renders that no setting, panel or template of ours reaches.
WAGTAIL_CORE = [
    # Draftail rich-text editor (wagtailadmin/widgets/draftail_rich_text_area.html + wagtailadmin/js/draftail.js):
    # the field's <label for> names the hidden input, and Wagtail's initEditor passes Draftail only
    # ariaDescribedBy (the help text), never ariaLabel/ariaLabelledBy, so the contenteditable textbox has no name.
    ("aria-input-field-name", ".public-DraftEditor-content"),
    # The page editor's minimap (wagtailadmin/shared/side_panels.html, data-minimap-container, drawn by Wagtail's
    # Minimap React component): a scrollable <ol> with no tabindex; its links are focusable but axe wants the
    # list itself reachable when the links scroll out of view.
    ("scrollable-region-focusable", ".w-minimap__list"),
    # Tag field (wagtailadmin/widgets/tag_widget.html, AdminTagWidget driven by jQuery tag-it): the <label for>
    # names the hidden input; tag-it then draws its own unlabelled text input inside ul.tagit.
    ("label", "ul.tagit input.ui-autocomplete-input"),
]


def _wagtail_core(page, rule, target):
    waivers = [selector for waived_rule, selector in WAGTAIL_CORE if waived_rule == rule]
    if not waivers or len(target) != 1:  # a node inside an iframe or shadow root is never waived
        return False
    return page.evaluate("([target, waivers]) => waivers.some(w => document.querySelector(target)?.matches(w))",
                         [target[0], waivers])


def _violations(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [n for n in violation["nodes"] if not _wagtail_core(page, violation["id"], n["target"])]
        if nodes:
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — "
                            + "; ".join(f"{n['target'][0]} {n['html'][:160]}" for n in nodes[:4]))
    return problems


def admin_pages():
    """{username: {name: url}} for each role's view of the back office."""
    from consultations.models import Consultation
    from finance_market.models import LoanApplication, LoanProductPage
    from members.models import CertificationStatus, Enterprise, FinancialInstitution
    from policies.models import NewsPage, PolicyIndexPage, PolicyPage

    icbc = FinancialInstitution.objects.get(fi_code="C1010211000013")
    open_application = (LoanApplication.objects.filter(institution=icbc, status__in=["submitted", "accepted"])
                        .order_by("pk").first())
    assert open_application is not None, "seed_demo made no open application for 工商银行"
    news = NewsPage.objects.live().order_by("path").first()
    channel = PolicyIndexPage.objects.order_by("depth", "path").first()
    pending = Enterprise.objects.filter(status=CertificationStatus.PENDING).order_by("pk").first()
    pbc_page = NewsPage.objects.filter(title__contains="人民银行").order_by("path").first() or news
    return {
        "admin": {
            "dashboard": reverse("wagtailadmin_home"),
            "page explorer": reverse("wagtailadmin_explore", args=[channel.pk]),
            "page edit form": reverse("wagtailadmin_pages:edit", args=[news.pk]),
            "policy edit form": reverse("wagtailadmin_pages:edit", args=[PolicyPage.objects.order_by("pk").first().pk]),
            "product edit form": reverse("wagtailadmin_pages:edit",
                                         args=[LoanProductPage.objects.order_by("pk").first().pk]),
            "applications": reverse("finance_market_loanapplication_modeladmin_index"),
            "financing needs": reverse("finance_market_financingneed_modeladmin_index"),
            "consultations queue": reverse("consultations_consultation_modeladmin_index"),
            "consultation handling form": reverse("consultations_admin:consultation",
                                                  args=[Consultation.objects.order_by("pk").first().pk]),
            "complaints queue": reverse("consultations_complaint_modeladmin_index"),
            "certification queue": reverse("members_enterprise_modeladmin_index") + "?status=pending",
            "certification form": reverse("members_admin:certify_enterprise", args=[pending.pk]),
            "profile changes": reverse("members_profilechangerequest_modeladmin_index"),
            "application statistics": reverse("statistics:applications"),
            "workload statistics": reverse("statistics:workload"),
            "access statistics": reverse("statistics:access"),
            "user statistics": reverse("statistics:users"),
            "user statistics, a quarter": reverse("statistics:users") + "?period=quarter",
            "search statistics report": reverse("portal_search_statistics"),
            "inspection report": reverse("inspection_dashboard"),
            "link report": reverse("inspection_links"),
            "application detail": reverse("market_admin:application", args=[open_application.pk]),
        },
        "pbc_editor": {
            "dashboard": reverse("wagtailadmin_home"),
            "page explorer": reverse("wagtailadmin_explore", args=[pbc_page.get_parent().pk]),
            "page edit form": reverse("wagtailadmin_pages:edit", args=[pbc_page.pk]),
        },
        "pbc_supervisor": {"dashboard with 运营概览": reverse("wagtailadmin_home"),
                           "user statistics": reverse("statistics:users")},
        "platform2_news": {"user statistics": reverse("statistics:users")},
        "icbc_staff": {
            "dashboard": reverse("wagtailadmin_home"),
            "applications": reverse("finance_market_loanapplication_modeladmin_index"),
            "application detail and decision form": reverse("market_admin:application", args=[open_application.pk]),
            "consultations queue": reverse("consultations_consultation_modeladmin_index"),
            "application statistics": reverse("statistics:applications"),
        },
    }


def test_no_serious_or_critical_accessibility_violation_of_ours_in_the_back_office(page, live_server, demo_site):
    found = {}
    for username, pages in admin_pages().items():
        sign_in(page, live_server.url, username, via="session")
        for name, path in pages.items():
            problems = _violations(page, live_server.url + path)
            if problems:
                found[f"{username} · {name} {path}"] = problems
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())
