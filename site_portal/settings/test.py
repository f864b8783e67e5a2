import warnings

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# serve static files straight from the apps, no collectstatic needed
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# django-simple-captcha accepts the answer "PASSED"; axes locks after 3 failures so the test stays short
CAPTCHA_TEST_MODE = True
AXES_FAILURE_LIMIT = 3
# ...and says so loudly on every start; in the test settings that is expected, so keep the output readable.
warnings.filterwarnings("ignore", message="CAPTCHA_TEST_MODE is enabled", category=RuntimeWarning)
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "captcha.conf.settings": {"level": "CRITICAL"}}}  # noqa: F405

# Tests render pages repeatedly while changing data behind Wagtail's back; tests/core/test_page_cache.py
# turns the page cache on where it is the subject.
PORTAL_PAGE_CACHE_SECONDS = 0

# access statistics: flush in the request thread (tests read the database right after) and only when asked
PORTAL_ACCESS_FLUSH_IN_THREAD = False
PORTAL_ACCESS_FLUSH_HITS = 10_000
PORTAL_ACCESS_FLUSH_SECONDS = 10_000
# search statistics: written at once, in the request thread (tests/search/test_query_log.py tests the batching)
PORTAL_SEARCH_LOG_FLUSH_IN_THREAD = False
PORTAL_SEARCH_LOG_FLUSH_HITS = 1

# PostgreSQL pass of `make test`: a commit need not wait for the disk (the test database is thrown away), which
# matters for the transactional tests and the database's creation; fsync itself is a server setting
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
