import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from tests.factories import NewsIndexPageFactory, PolicyIndexPageFactory
from tests.factories.cast import build_cast
from tests.worlds import CHAIN, WORLD, build_home, chain_for, provide, register


@pytest.fixture(scope="session")
def _migrate_from_template():
    from tests.migrated_template import migrate_patch

    patch = migrate_patch()
    patch.start()
    yield patch
    patch.stop()  # in case the setup failed before stopping it


@pytest.fixture(scope="session")
def django_db_setup(_migrate_from_template, django_db_setup):
    """pytest-django's (the `django_db_setup` argument, set up after the patch), with SQLite's test database
    copied from the one migrated database (tests/migrated_template.py) instead of migrated again."""
    _migrate_from_template.stop()
    return


# fixtures through which a test reaches the database (pytest-django's, directly or via live_server)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server", "admin_client", "admin_user"}


def pytest_collection_modifyitems(items):
    """Mark the tests that never touch the database `dbless`: the PostgreSQL pass of `make test` skips
    them, as running them a second time against another database would test nothing new.

    A test that uses `home`, `cast` or `market` gets `_world` as its very first fixture: it restores those
    layers (tests/worlds.py), which empties every table, so it must run before anything writes."""
    for item in items:
        if item.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.dbless)
        chain = chain_for(item)
        if chain is not None and "demo_site" not in item.fixturenames:
            item.stash[CHAIN] = chain
            item.fixturenames.insert(0, "_world")


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(tmp_path, settings):
    """Each test writes uploads into its own folder and starts with an empty cache, in Chinese.

    The cache holds renditions keyed by image id, and ids are reused after a rollback.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    # a request with the English cookie leaves English active in this thread (the locale middleware activates
    # per request and never resets): every test starts in the site's language, whatever ran before it
    translation.activate(settings.LANGUAGE_CODE)
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


# Data migrations whose rows a transactional test's flush removes and many tests need (industries, refusal
# reasons, schedules); each is idempotent.
REFERENCE_DATA_MIGRATIONS = [
    ("members.migrations.0003_gbt4754_industries", "load"),
    ("finance_market.migrations.0002_defaults_and_schedules", "forwards"),
    ("finance_market.migrations.0014_disbursement_reasons_and_reminders", "forwards"),
    ("consultations.migrations.0002_overdue_schedule", "create_schedule"),
    ("consultations.migrations.0004_notification_schedule", "create_schedule"),
]


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames))


def ensure_base_rows():
    """Wagtail's base rows (locale, root page and collection, default site) and the reference data, where a
    flush removed them (idempotent)."""
    import importlib

    from django.apps import apps as django_apps
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        root = Page.add_root(title="Root", slug="root")
        welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
        Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    for module, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture(autouse=True)
def wagtail_tree(request):
    """Wagtail's base rows (locale, root page and collection, default site) and the reference data, for a
    transactional test: the flush that ends every transactional test (browser journeys, threads, backups)
    empties every table, including what migrations created, so whichever transactional test runs next on a
    worker would otherwise start without them. Returns the root page."""
    if not _is_transactional(request):
        return None
    request.getfixturevalue("transactional_db")
    ensure_base_rows()
    return Page.get_first_root_node()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo, run once in this test process: a copy of every table (tests/snapshots.py) and of the media it
    wrote. The database is put back as it was before seeding."""
    from django.core.management import call_command
    from django.test import override_settings

    from tests.snapshots import TableSnapshot

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        before = TableSnapshot("before_demo")
        ensure_base_rows()  # a transactional test's flush may have emptied the tables
        call_command("seed_demo", quiet_logins=True, verbosity=0)
        demo = TableSnapshot("demo_site")
        before.restore()
    cache.clear()
    return demo, media


@pytest.fixture
def demo_site(request, _demo_snapshot, settings):
    """The demo site as seed_demo builds it (`make run`), for this test: restored from the copy taken once per
    test process, in the test's transaction (or committed, for a transactional test). Returns the HomePage."""
    from home.models import HomePage

    snapshot, media = _demo_snapshot
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    snapshot.restore()
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    cache.clear()
    return HomePage.objects.get()


@pytest.fixture(scope="session")
def _worlds(django_db_setup, tmp_path_factory):
    """The worlds of tests/worlds.py, each built once in this test process when first needed."""
    from tests.worlds import Worlds

    return Worlds(tmp_path_factory.mktemp("worlds"))


@pytest.fixture
def _world(request, _worlds, django_db_blocker):
    """Put first (pytest_collection_modifyitems) in the tests whose registered layers (`home`, `cast`,
    `market`, …) make a registered chain: builds it (once per process, before the test's transaction opens)
    and restores it in the test's transaction (committed, for a transactional test); the layers' fixtures then
    hand out the restored objects."""
    chain = request.node.stash[CHAIN]
    with django_db_blocker.unblock():
        if chain not in _worlds.worlds:
            ensure_base_rows()  # a transactional test's flush may have emptied the tables
        world = _worlds.get(chain)
    cache.clear()
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    request.getfixturevalue("_isolated_media_and_cache")
    world.restore(settings.MEDIA_ROOT)
    request.node.stash[WORLD] = world
    return world


@pytest.fixture
def home(request, db):
    """A HomePage as the default site's root (Wagtail's welcome page removed); tests/worlds.py build_home."""
    return provide(request, "home", build_home)


@pytest.fixture
def news_index(request, home):
    return provide(request, "news_index", lambda: build_news_index(home))


def build_news_index(home):
    return NewsIndexPageFactory(parent=home, slug="news", title="新闻动态")


@pytest.fixture
def policy_index(request, home):
    return provide(request, "policy_index", lambda: build_policy_index(home))


def build_policy_index(home):
    return PolicyIndexPageFactory(parent=home, slug="policies", title="政策法规")


@pytest.fixture
def cast(request, db):
    """The shared test cast (tests/factories/cast.py): two banks with staff, two certified enterprises, a level-1
    and a level-2 admin, a supervisor, a department with an author and a reviewer."""
    return provide(request, "cast", build_cast)


register(home, ("home",), lambda built: build_home())
register(cast, ("cast",), lambda built: build_cast())
register(cast, ("home", "cast"), lambda built: build_cast())
register(news_index, ("home", "news_index"), lambda built: build_news_index(built["home"]))
register(policy_index, ("home", "policy_index"), lambda built: build_policy_index(built["home"]))
register(policy_index, ("home", "news_index", "policy_index"), lambda built: build_policy_index(built["home"]))


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.cn", "Root#pass2026")


assert settings.SECRET_KEY == "test-only-key", "tests must run with site_portal.settings.test"
