"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import importlib
import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made from the
# test body (building fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make browser` (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def wagtail_tree(transactional_db):
    """Wagtail's base rows, which a transactional test's flush removes: locale, root page and
    collection, default site.

    Browser tests need committed data (the live server runs in another thread), so they use
    transactional_db, whose teardown empties every table including what migrations created.
    """
    from django.apps import apps as django_apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        root = Page.add_root(title="Root", slug="root")
        welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
        Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    for module, function in REFERENCE_DATA_MIGRATIONS:  # all idempotent
        getattr(importlib.import_module(module), function)(django_apps, None)
    return Page.get_first_root_node()


# Data migrations whose rows the flush removes and the journeys need (industries, refusal reasons, schedules).
REFERENCE_DATA_MIGRATIONS = [
    ("members.migrations.0003_gbt4754_industries", "load"),
    ("finance_market.migrations.0002_defaults_and_schedules", "forwards"),
    ("consultations.migrations.0002_overdue_schedule", "create_schedule"),
    ("consultations.migrations.0004_notification_schedule", "create_schedule"),
]
