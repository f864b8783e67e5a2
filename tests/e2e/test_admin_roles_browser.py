"""Every role of the demo works in the back office out of the box (issue 18): signed in through the login form,
each role opens every item of its admin sidebar (submenus included) and every link of its to-do panels, and
every one answers 200, ends on the page asked for (not a refusal: the login page or Wagtail's bounce to the
dashboard with an error), and reads as Chinese: none of Wagtail's or Django's English words is visible. Its
to-do panel shows the counts the demo's database holds now.

One seeded database serves all roles (seed_demo is the slow part), so the roles are checked in one test and
the failures reported per role."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from demo.home import DEMO_PASSWORD
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["admin", "platform1", "platform2_news", "icbc_staff", "icbc_reviewer", "pbc_supervisor", "pbc_editor",
         "pbc_reviewer", "ndrc_editor", "fin_editor"]

# Wagtail's and Django's own English, as whole words in the visible text (data is Chinese, so English words
# there would be ours to translate too; codes, numbers and "PC端" do not match)
DENY = [
    "By ", "Dashboard", "Pages", "Page", "Snippets", "Reports", "Settings", "Wagtail", "Search", "Add", "Edit",
    "Delete", "Identity code", "Page types usage", "Sign in", "Log out", "Account", "Help", "Shortcuts",
    "Filter", "Filters", "Sort", "Actions", "Status", "Save", "Cancel", "Previous", "Next", "Choose", "Images",
    "Documents", "Users", "Groups", "Workflows", "Collections", "Redirects", "Locked pages", "Site history",
    "Aging pages", "Editor Guide", "What's new", "created in", "Any date", "All", "Yes", "No", "Unknown",
    "Today", "Show", "Title", "Created", "Updated", "Owner", "Type", "Live", "Draft", "Inspect", "History",
    "View", "Export", "Download", "Select", "Clear", "Apply", "Close", "More", "Name", "Date", "Period",
]
DENY_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(word.strip()) for word in DENY) + r")(?![A-Za-z])")


def sidebar_urls(page):
    """Every link of the sidebar (its JSON props, submenus included), in menu order."""
    return page.evaluate("""() => {
        const props = JSON.parse(document.getElementById('wagtail-sidebar-props').textContent);
        const urls = [];
        const walk = (node) => {
            if (Array.isArray(node)) { node.forEach(walk); return; }
            if (node && typeof node === 'object') {
                if (node._type === 'wagtail.sidebar.LinkMenuItem' && node._args && node._args[0].url)
                    urls.push(node._args[0].url);
                Object.values(node).forEach(walk);
            }
        };
        walk(props);
        return urls;
    }""")


def todo_counts(page):
    return {item.get_attribute("data-todo"): int(item.locator(".todo-count").inner_text())
            for item in page.locator("[data-todo]").all()}


def todo_links(page):
    return [link.get_attribute("href") for link in page.locator("[data-todo-panel] a").all()]


def expected_counts(username):
    """The to-do counts, from the database, as a person would count them by hand from the rows."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    from consultations.models import Complaint, Consultation
    from finance_market.models import FeedbackNotice, FinancingNeed, LoanApplication, Urge
    from inspection.freshness import channel_models
    from members.models import Enterprise, ProfileChangeRequest

    user = get_user_model().objects.get(username=username)
    channel_types = ContentType.objects.get_for_models(*channel_models()).values()
    today = timezone.localdate()
    expected = {}
    if user.institution is not None:
        open_apps = LoanApplication.objects.filter(institution=user.institution)
        rows = list(open_apps.values_list("status", "accept_due", "decide_due"))

        def due(status, accept_due, decide_due):
            if status == "submitted":
                return accept_due
            return decide_due if status in ("accepted", "resubmitted") else None

        dues = [due(*row) for row in rows if row[0] in ("submitted", "accepted", "resubmitted")]
        from core.workdays import add_workdays

        until = add_workdays(today, 1)
        expected.update({
            "bank-waiting": len(dues),
            "bank-overdue": sum(1 for d in dues if d and d < today),
            "bank-due-soon": sum(1 for d in dues if d and today <= d <= until),
            "bank-notices": FeedbackNotice.objects.filter(application__institution=user.institution,
                                                          reported_at=None).count(),
            "bank-needs": FinancingNeed.objects.filter(status="published").count(),
        })
    if username in ("admin", "platform1"):
        expected.update({
            "platform-certifications": Enterprise.objects.filter(status="pending").count(),
            "platform-changes": ProfileChangeRequest.objects.filter(status="pending").count(),
            "platform-needs": FinancingNeed.objects.filter(status="pending").count(),
        })
    if username == "pbc_supervisor":
        notices = FeedbackNotice.objects.filter(reported_at=None, due_date__lt=today)
        expected.update({
            "pbc-overdue-notices": notices.count(),
            "pbc-urges": Urge.objects.count(),
            "pbc-overdue-applications": sum(
                1 for status, accept_due, decide_due in LoanApplication.objects.values_list(
                    "status", "accept_due", "decide_due")
                if (status == "submitted" and accept_due and accept_due < today)
                or (status in ("accepted", "resubmitted") and decide_due and decide_due < today)),
        })
    if username in ("pbc_editor", "pbc_reviewer", "ndrc_editor", "fin_editor", "platform2_news"):
        # the pages in review beneath the channels this account publishes into (not the whole site's)
        channels = [p for p in Page.objects.filter(content_type__in=channel_types).live()
                    if p.permissions_for_user(user).can_add_subpage()]
        expected["channels-review"] = sum(
            1 for state in WorkflowState.objects.filter(status="in_progress")
            if any(Page.objects.filter(pk=int(state.object_id), path__startswith=c.path).exists()
                   for c in channels))
    if user.institution is not None:
        expected["consultations-new"] = Consultation.objects.filter(
            institution=user.institution, status="submitted").count()
        expected["complaints-new"] = Complaint.objects.filter(institution=user.institution, expert=None,
                                                              status="submitted").count()
    if user.department is not None:  # consultations transferred to the department, complaints addressed to it
        expected["consultations-new"] = Consultation.objects.filter(
            department=user.department, status="submitted").count()
        expected["complaints-new"] = Complaint.objects.filter(department=user.department, expert=None,
                                                              status="submitted").count()
    return expected


def check_page(page, base, url):
    """The problems with opening ``url`` (a path), or []."""
    response = page.goto(f"{base}{url}")
    if response is None:  # an anchor on the page already open
        return []
    problems = []
    if response.status != 200:
        problems.append(f"{url} answered {response.status}")
    landed = urlsplit(page.url)
    if landed.path.startswith("/accounts/login"):
        problems.append(f"{url} ended on the login page")
    elif landed.path == "/admin/" and urlsplit(url).path != "/admin/":
        problems.append(f"{url} was refused (bounced to the dashboard)")
    errors = page.locator(".messages .error, .messages li.error")
    if errors.count():
        problems.append(f"{url} shows an error: {errors.first.inner_text()}")
    english = sorted(set(DENY_RE.findall(page.inner_text("body"))))
    if english:
        problems.append(f"{url} shows English: {english}")
    return problems


def test_every_role_opens_its_whole_back_office_in_chinese_with_its_real_todo_counts(demo_site, live_server, page):
    base = live_server.url
    problems = {}
    for username in ROLES:
        found = []
        page.context.clear_cookies()
        sign_in(page, base, username, DEMO_PASSWORD)
        page.goto(f"{base}/admin/")
        counts = todo_counts(page)
        for key, value in expected_counts(username).items():
            if counts.get(key) != value:
                found.append(f"to-do {key}: shows {counts.get(key)}, the database holds {value}")
        if "channels-review" in counts:  # the count and the list it links to agree
            page.goto(base + page.locator('[data-todo="channels-review"] a').get_attribute("href"))
            rows = page.locator("[data-review]").count()
            if rows != counts["channels-review"]:
                found.append(f"to-do channels-review: shows {counts['channels-review']}, its list has {rows} rows")
            page.goto(f"{base}/admin/")
        urls = [u for u in dict.fromkeys(sidebar_urls(page) + todo_links(page))
                if u.startswith("/") and u != "#" and "logout" not in u]
        for url in urls:
            found += check_page(page, base, url)
        if found:
            problems[username] = found
    assert not problems, "\n".join(f"{user}:\n  " + "\n  ".join(found) for user, found in problems.items())

