"""Settings shared by every environment.

Everything that differs between machines comes from the environment:
DATABASE_URL, ELASTICSEARCH_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL, MEDIA_ROOT.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    # project apps first so their templates override the libraries'
    "core",  # app label "site_portal"
    "members",
    "reports",
    "inspection",
    "home",
    "policies",
    "finance_market",
    "enterprise_list",
    "consultations",
    "search",
    "demo",  # seed_demo: on top of every app
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "members.users_app.PortalUsersAppConfig",  # Wagtail users + 账号类别 on the user form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "captcha",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "core.security.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SlidingSessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.db_router.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # counts page views (also those served from the page cache below it), buffered: no query per view
    "reports.access.AccessCountMiddleware",
    "inspection.middleware.PublishGuardMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # last, as django-axes asks: turns a lockout raised during authentication into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "site_portal.wsgi.application"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL. PostgreSQL connections live for a minute
# and are health-checked before a request reuses them: after a database restart a stale connection is
# replaced instead of answering that request with a 500.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# SQLite under a burst of writes (docs/security.md, "Errors and robustness"): WAL lets readers (the site) and a
# writer (q2, the editor) work at once; a writer waits up to `timeout` seconds for the lock; and BEGIN IMMEDIATE
# takes the write lock when a transaction starts. A deferred transaction that reads first and then writes
# cannot wait for the lock (its snapshot may be stale) and fails at once with "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}
# The covering indexes of the statistics tables (Index(include=...)) are for PostgreSQL; SQLite keeps the index
# on its key columns and ignores the rest, which is all the warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Read replicas (PostgreSQL streaming replicas): anonymous page views read from them (core/db_router.py).
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica{_n}"] = {**dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True),
                                 "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # core.cache: a Redis outage degrades to "no cache" instead of 500s (logged, shown by /healthz)
    CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # sessions survive a Redis restart
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "members.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "members.password_validation.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# --- accounts (members): one login page for everyone, lockout, captcha ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out client is refused before the password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "members/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# masked in the failure records axes keeps (the activation form's SMS code counts as a failed login too)
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "captcha_1"]
# Reverse proxies in front of the site (nginx, a load balancer): addresses or networks whose X-Forwarded-For is
# believed (core/client_ip.py). Empty: REMOTE_ADDR is the client.
PORTAL_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_TIMEOUT = 10  # minutes

# Chinese is the site's and the admin's language; English is available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic output, served by nginx
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "1") == "1"  # /media/ from Django: public folders only (private_files)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The CSRF failure page in Chinese (「页面已过期，请刷新后重试」); the other error pages: site_portal/urls.py
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# Everyone signs in at /accounts/login/ (staff then go on to /admin/); /admin/login/ still works and
# carries the same captcha (WAGTAILADMIN_USER_LOGIN_FORM) and axes lockout.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/member/"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_USER_LOGIN_FORM = "members.forms.AdminLoginForm"
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# (requests, seconds) per e-mail address, per phone number (reset by SMS) and per client address on the
# password-reset forms
PORTAL_PASSWORD_RESET_LIMITS = {"email": (3, 60 * 60), "phone": (3, 60 * 60), "ip": (20, 60 * 60)}
ACCOUNT_ACTIVATION_SECONDS = 48 * 60 * 60  # the activation link's lifetime
# Wagtail's own reset form (/admin/password_reset/) has neither captcha nor limit: everyone resets at
# /accounts/password/reset/, linked from the one login page.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# 精准授权: where banks' pages read an enterprise's external credit records (members.credit_records). The default
# reads what the platform imported from the data-sharing exchange's files; a live provider is a class with
# records_for(credit_code) (docs/credit-records.md).
CREDIT_RECORD_PROVIDER = os.environ.get("CREDIT_RECORD_PROVIDER", "members.credit_records.ImportedRecords")
# members.sms: the log backend prints messages (codes included) and is for development only;
# production.py insists on a real gateway or none.
# Gateways: "members.sms.AliyunSmsBackend" (阿里云短信) or "members.sms.TencentSmsBackend" (腾讯云短信), each
# with its keys, the approved sign name (签名) and one approved template per message kind (docs/security.md).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "members.sms.LogSmsBackend")
# verification codes (activation, password reset) texted to one number per day at most: beyond it nothing is
# sent, so nobody can run up the gateway bill or flood a phone by asking again every minute
SMS_CODES_PER_PHONE_PER_DAY = int(os.environ.get("SMS_CODES_PER_PHONE_PER_DAY", "10"))
_SMS_KINDS = ("activation_code", "password_reset_code", "application_status")
SMS_ALIYUN = {
    "access_key_id": os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", ""),
    "access_key_secret": os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
    "sign_name": os.environ.get("SMS_ALIYUN_SIGN_NAME", ""),
    "endpoint": os.environ.get("SMS_ALIYUN_ENDPOINT", "dysmsapi.aliyuncs.com"),
    "templates": {kind: os.environ.get(f"SMS_ALIYUN_TEMPLATE_{kind.upper()}", "") for kind in _SMS_KINDS},
}
SMS_TENCENT = {
    "secret_id": os.environ.get("SMS_TENCENT_SECRET_ID", ""),
    "secret_key": os.environ.get("SMS_TENCENT_SECRET_KEY", ""),
    "sdk_app_id": os.environ.get("SMS_TENCENT_SDK_APP_ID", ""),
    "sign_name": os.environ.get("SMS_TENCENT_SIGN_NAME", ""),
    "region": os.environ.get("SMS_TENCENT_REGION", "ap-guangzhou"),
    "templates": {kind: os.environ.get(f"SMS_TENCENT_TEMPLATE_{kind.upper()}", "") for kind in _SMS_KINDS},
}

# --- Wagtail ---
WAGTAIL_SITE_NAME = "融资服务门户"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "site_portal.PortalImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.PortalImageForm"  # re-encodes, strips metadata
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.PortalDocumentForm"  # type from the first bytes
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "wps", "ofd",
    "mp4", "webm", "vtt",  # the home page's promotional video and its captions (self-hosted: CSP media-src 'self')
]
# Documents always stream through Wagtail's /documents/ view, which checks who may read them; never a redirect
# to the storage's own URL (with object storage that would be a public link to a private file).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no calls to an outside avatar service (unreachable here, and the CSP forbids it)
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Frontend cache (CDN / nginx proxy_cache) purged by Wagtail on publish: FRONTEND_CACHE_LOCATION is the
# purge endpoint of a cache that understands HTTP PURGE (Varnish, nginx with ngx_cache_purge).
FRONTEND_CACHE_LOCATION = os.environ.get("FRONTEND_CACHE_LOCATION", "")
if FRONTEND_CACHE_LOCATION:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_LOCATION,
    }}

# Anonymous visitors get cached pages for this long at most (0 turns the cache off).
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "120"))
PORTAL_PAGE_CACHE_VARY_COOKIES = []  # cookies that change how a page looks (e.g. a large-text mode)
# the navigation, the restricted sections and a channel's years, kept until content changes (core/fragments.py);
# on when the page cache is off too (signed-in users, editors' previews)
PORTAL_CONTENT_CACHE_SECONDS = int(os.environ.get("PORTAL_CONTENT_CACHE_SECONDS", "60"))

# Access statistics (F-STAT-7): views are buffered in each process and written in batches.
PORTAL_ACCESS_FLUSH_HITS = int(os.environ.get("PORTAL_ACCESS_FLUSH_HITS", "500"))
PORTAL_ACCESS_FLUSH_SECONDS = int(os.environ.get("PORTAL_ACCESS_FLUSH_SECONDS", "60"))
PORTAL_ACCESS_FLUSH_IN_THREAD = True
# Search statistics (top / no-result queries): counted the same way, written per batch.
PORTAL_SEARCH_LOG_FLUSH_HITS = int(os.environ.get("PORTAL_SEARCH_LOG_FLUSH_HITS", "200"))
PORTAL_SEARCH_LOG_FLUSH_SECONDS = int(os.environ.get("PORTAL_SEARCH_LOG_FLUSH_SECONDS", "30"))
PORTAL_SEARCH_LOG_FLUSH_IN_THREAD = True
# Home counters and the public 数据概览 are recomputed at most this often.
PORTAL_OVERVIEW_CACHE_SECONDS = 600

# Images above this many bytes are never inlined at full size (000 §3.5).
PORTAL_INLINE_IMAGE_MAX_BYTES = 100 * 1024

# --- background jobs (django-q2): ORM broker unless REDIS_URL is set ---
Q_CLUSTER = {
    "name": "portal",
    "workers": 2,
    "timeout": 300,
    "retry": 360,  # must exceed timeout
    "max_attempts": 3,
    "orm": "default",
    "catch_up": False,
}
if REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = REDIS_URL

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@portal.example.cn")

SESSION_COOKIE_AGE = 2 * 60 * 60  # signed out after two hours without a request
# the session's expiry moves on with each use, written at most this often (core.middleware.SlidingSession...)
PORTAL_SESSION_REFRESH_SECONDS = int(os.environ.get("PORTAL_SESSION_REFRESH_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"site_portal": {"level": "INFO"}, "core": {"level": "INFO"}},
}

SITE_TITLE = _("融资服务门户")

# --- response headers (F-SEC-8): every environment sends them, production adds HTTPS-only ones ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override it with SAMEORIGIN for their own iframe
# Content-Security-Policy (django-csp; core/security.py gives /admin/ its own policy).
# Extra origins (a CDN for media, a video host for embeds) come from the environment.
_CSP_MEDIA = env_list("CSP_MEDIA_ORIGINS")
_CSP_FRAMES = env_list("CSP_FRAME_ORIGINS")
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *_CSP_MEDIA],
    "media-src": ["'self'", *_CSP_MEDIA],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'self'", *_CSP_FRAMES],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**_CSP_COMMON, "script-src": ["'self'"], "style-src": ["'self'"]},
}
PORTAL_ADMIN_CSP = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_CSP_MEDIA],
        "frame-ancestors": ["'self'"],  # the preview panel frames the page being edited
    },
}

# --- search (issue 8): Chinese analysis on every backend; see search/analysis.py ---
# The database backend (SQLite FTS5 / PostgreSQL tsvector) gets jieba-segmented text and bigrams.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal_"),
            "TIMEOUT": 5,
            # "auto": smartcn when the analysis-smartcn plugin is installed, else the built-in cjk analyzer
            "CJK_ANALYZER": os.environ.get("ELASTICSEARCH_CJK_ANALYZER", "auto"),
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {"analyzer": {"default": {"type": "cjk"}, "default_search": {"type": "cjk"}}}
                }
            },
        }
    }
