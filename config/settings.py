"""BasQaru Events settings: one module, configured by environment variables.

Every variable is listed in the README. Defaults are safe for production
(DEBUG off, secure cookies, HSTS); `make run` turns DEBUG on for the demo.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, WASM_UNSAFE_EVAL
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean strictly: junk such as DEBUG=maybe is an error, not False."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest imports these settings while it runs; tests use plain http and a test key.
TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and not (DEBUG or TESTING):
    raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# A form sent with an expired security token is refused with the site's own page (config/error_pages.py).
CSRF_FAILURE_VIEW = "config.error_pages.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "csp",
    "core",
    "events",
    "registration",
    "documents",
    "inventory",
    "media_log",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.roles",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI (DATABASE_URL), SQLite as the embedded default.
# A database that hangs must not hang every request: a connection attempt gives up after 5
# seconds and a statement after DB_STATEMENT_TIMEOUT_MS (0: no limit, e.g. for a long migration).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 30_000)
if db_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(db_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
        _pg_options.setdefault("connect_timeout", 5)
        _pg_options["options"] = (
            f"{_pg_options.get('options', '')} -c statement_timeout={DB_STATEMENT_TIMEOUT_MS}".strip()
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE transactions serialise writers, standing in for row locks on SQLite.
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery's broker and result store, and the shared cache (rate limits).
REDIS_URL = os.environ.get("REDIS_URL", "")
# The test suite runs in parallel processes (pytest-xdist names them gw0, gw1, …): each takes its
# own Redis database, so one process's cache.clear() or Celery queue never reaches another's.
_TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _TEST_PROCESS.startswith("gw") and _TEST_PROCESS[2:].isdigit():
    REDIS_URL = urlsplit(REDIS_URL)._replace(path=f"/{1 + int(_TEST_PROCESS[2:]) % 15}").geturl()
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without Redis (the demo), tasks run in-process at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Almaty"
CELERY_BEAT_SCHEDULE = {
    # The day-before reminder: every 15 minutes, each registration is claimed at most once.
    "registration-reminders": {"task": "registration.tasks.queue_due_reminders_task", "schedule": 15 * 60},
    # A job whose worker died stops making progress; after 5 minutes it is reported failed.
    "fail-stale-jobs": {"task": "core.tasks.fail_stale_jobs_task", "schedule": 60},
    # Tasks the broker could not take when they were queued wait in the outbox (core.outbox);
    # a relay that a busy or absent worker did not run in time is dropped, the next one follows.
    "relay-outbox": {"task": "core.tasks.relay_outbox_task", "schedule": 30, "options": {"expires": 25}},
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis is a helper (rate limits, cached permissions): when it is down, a call fails
            # in a fraction of a second and the caller goes on without it.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Login throttling (core.login): after this many wrong passwords for one username, or from one
# client address, within LOGIN_LOCKOUT_SECONDS, further attempts are refused until the window ends.
LOGIN_FAILURES_PER_USERNAME = env_int("LOGIN_FAILURES_PER_USERNAME", 5)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
# Organisers land on /manage/, volunteers at today's door, the grantor on /monitoring/ (config.landing);
# a ?next= address wins.
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "home"

# Languages: Kazakh first, then Russian and English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# CVs, diplomas and other personal files: never under MEDIA_URL, served by a view to organisers only.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Videos of events (MP4) may be far larger than photos and documents.
VIDEO_UPLOAD_MAX_BYTES = env_int("VIDEO_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "BasQaru Events <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict unless DEBUG (the demo) or the test run, which use plain http.
_HTTPS = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp): only our own files run. The few inline <script> and
# <style> blocks carry the request's nonce ({{ request.csp_nonce }}); the door page's QR reader
# compiles zxing's WebAssembly, which needs 'wasm-unsafe-eval' (never plain 'unsafe-eval').
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, WASM_UNSAFE_EVAL],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}
# HSTS preload is a one-way door for the domain; leave it to the operator.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused page (PermissionDenied) is logged as one INFO line, not a warning with a traceback.
    "filters": {"refusals": {"()": "config.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"filters": ["refusals"]}},
}

# Fonts embedded in every PDF; DejaVu Sans covers Kazakh Cyrillic.
PDF_FONT_DIR = BASE_DIR / "static" / "fonts"

# Public registration: at most this many submissions per client address per minute (0 turns it off).
# Generous, because a whole school may register from one Wi-Fi address.
REGISTRATION_RATE_LIMIT = env_int("REGISTRATION_RATE_LIMIT", 30)
# The door search: at most this many queries per device (token, else signed-in user) per minute.
DOOR_SEARCH_RATE_LIMIT = env_int("DOOR_SEARCH_RATE_LIMIT", 30)
# Jobs (badges, certificates, reports) one person may have queued or running at once.
JOBS_PER_USER_LIMIT = env_int("JOBS_PER_USER_LIMIT", 5)
# Device tokens from `issue_token` and /manage/tokens/ expire after this many days (0: never).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
