"""Settings for the W.Co SSE portal, read from the environment.

Development (the default) needs nothing: SQLite, an in-process cache, Celery tasks run
eagerly and email goes to the console. Production (``DJANGO_DEBUG=false``) refuses to
start without the variables of DESIGN's contract.
"""

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
PRODUCTION = not DEBUG

PRODUCTION_REQUIRED = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
)
if PRODUCTION:
    missing = [name for name in PRODUCTION_REQUIRED if not env(name)]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=false) needs these environment variables: "
            + ", ".join(missing)
        )

SECRET_KEY = (
    env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
)
ALLOWED_HOSTS = [
    h.strip() for h in env("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]

# Benchmark mode (`make bench` only): gunicorn serves plain HTTP on the loopback
# interface, with no TLS terminator in front, so the Secure-cookie and SSL-redirect
# flags are relaxed, and nothing else. It refuses to start unless every allowed host
# is a loopback name; requests from anywhere but loopback are refused
# (wco_sse.bench.LoopbackOnlyMiddleware), and the bench's gunicorn configuration
# binds to loopback only. It also adds the bare view, the ceiling pages are compared to.
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
BENCH_INSECURE_LOOPBACK = env_bool("WCO_BENCH_INSECURE_LOOPBACK", False)
# Count the fragment cache's hits and misses per fragment (the benchmark reads them).
WCO_FRAGMENT_STATS = env_bool("WCO_FRAGMENT_STATS", False)
if BENCH_INSECURE_LOOPBACK:
    if not ALLOWED_HOSTS or not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            "WCO_BENCH_INSECURE_LOOPBACK is for a benchmark on loopback only: "
            "DJANGO_ALLOWED_HOSTS must name only 127.0.0.1, localhost or ::1."
        )
    sys.stderr.write(
        "WCO_BENCH_INSECURE_LOOPBACK=1: benchmark mode on loopback, plain HTTP: "
        "Secure cookies and the SSL redirect are OFF. Never use this in production.\n"
    )
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The organization's own name is configuration, not template text (DESIGN).
WCO_ORGANIZATION_NAME = env("WCO_ORGANIZATION_NAME", "一般社団法人 W.Co SSE（仮）")
WCO_SITE_URL = env("WCO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Printed on invoices and receipts (the secretariat's address, and where to pay dues).
# Development shows demo values so printed documents look as they will.
WCO_ORGANIZATION_ADDRESS = env(
    "WCO_ORGANIZATION_ADDRESS",
    "" if PRODUCTION else "〒231-0023 神奈川県横浜市中区山下町1番地（デモ）",
)
WCO_DUES_PAYMENT_INSTRUCTIONS = env(
    "WCO_DUES_PAYMENT_INSTRUCTIONS",
    ""
    if PRODUCTION
    else "○○銀行 △△支店 普通 1234567 シャ）ダブリューコーエスエスイー（デモ）",
)

# The portal's own apps, the platform first and each after what it builds on
# (DESIGN "Architecture"): their models are tracked for the caches (core.tracking).
WCO_PORTAL_APPS = [
    "wco_sse.core",
    "members",
    "secretariat",
    "support",
    "network",
    "business",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's MFA pages need it
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_celery_beat",
    *WCO_PORTAL_APPS,
]

MIDDLEWARE = [
    *(["wco_sse.bench.LoopbackOnlyMiddleware"] if BENCH_INSECURE_LOOPBACK else []),
    "wco_sse.core.middleware.RefuseUnknownHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wco_sse.core.middleware.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Kept HTML holds a placeholder where a form token goes (core.csrf).
    "wco_sse.core.csrf.FormTokenMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wco_sse.core.middleware.HtmxLoginRedirectMiddleware",
    "members.middleware.StaffSessionTimeoutMiddleware",
    "members.middleware.RequireSecondFactorMiddleware",
]

ROOT_URLCONF = "wco_sse.urls"
WSGI_APPLICATION = "wco_sse.wsgi.application"

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
                "wco_sse.context_processors.portal",
                # Last: a form token is rendered as core.csrf's placeholder.
                "wco_sse.core.csrf.form_token",
            ],
            # links: Django's {% url %}, remembering the paths it built.
            "builtins": [
                "django.templatetags.i18n",
                "wco_sse.core.templatetags.dates",
                "wco_sse.core.templatetags.links",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two people saving
    # at once wait for each other (up to the timeout) instead of failing with
    # "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery --------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, keeping its Redis client (wco_sse/core/cache.py).
            "BACKEND": "wco_sse.core.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wco",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The language switch's cookie holds no secret, but no script reads it either: it gets
# the same flags as the others (Secure in production, below).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "wco_sse.views.csrf_failure"

# Sessions of people who hold a role (staff, board, representatives) end after this
# much idle time, and in any case after the absolute lifetime.
WCO_STAFF_SESSION_IDLE_SECONDS = int(
    env("WCO_STAFF_SESSION_IDLE_SECONDS", str(30 * 60))
)
WCO_STAFF_SESSION_MAX_SECONDS = int(
    env("WCO_STAFF_SESSION_MAX_SECONDS", str(12 * 3600))
)

# A member roster of more organizations than this is printed in the background.
WCO_PRINT_JOB_THRESHOLD = int(env("WCO_PRINT_JOB_THRESHOLD", "300"))

# The forms anyone signed in may send are throttled per account and per address
# (wco_sse.core.throttle). Off only for the benchmark, whose users share one address.
WCO_FORM_THROTTLES = env_bool("WCO_FORM_THROTTLES", True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks. The database scheduler (django-celery-beat) installs these entries at
# start; every task is idempotent.
CELERY_BEAT_SCHEDULE = {
    # Print jobs' files are kept for a day.
    "core-purge-print-jobs": {
        "task": "wco_sse.core.tasks.purge_print_jobs",
        "schedule": 3600,
    },
    # An email's secrets (links with a token, codes) are dropped once it is sent, or
    # after WCO_EMAIL_SECRET_HOURS when it couldn't be.
    "core-expire-email-secrets": {
        "task": "wco_sse.core.tasks.expire_email_secrets",
        "schedule": 15 * 60,
    },
    # Governance (secretariat).
    "secretariat-activity-report-reminders": {
        "task": "secretariat.tasks.activity_report_reminders",
        "schedule": 24 * 3600,
    },
    "secretariat-written-resolutions-expire": {
        "task": "secretariat.tasks.written_resolutions_expire",
        "schedule": 15 * 60,
    },
    # Owners of open action items are reminded three days before the due date, once;
    # at 08:00 Tokyo time.
    "secretariat-action-item-reminders": {
        "task": "secretariat.tasks.action_item_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # The W.Co School's reminders for tomorrow's sessions, at 17:00 Tokyo time.
    "support-course-reminders": {
        "task": "support.tasks.send_course_reminders",
        "schedule": crontab(hour=17, minute=0),
    },
    # Each owner's overdue follow-ups of the contact log, Mondays at 8:00 Tokyo time.
    "network-overdue-follow-ups": {
        "task": "network.tasks.send_overdue_follow_up_reminders",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    # The fund's awardees whose final report is due within 14 days, daily at 8:00
    # Tokyo time (once per award).
    "network-fund-report-reminders": {
        "task": "network.tasks.fund_report_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # The fund's trial balance, nightly at 02:00 Tokyo time; the secretary-general
    # is emailed on any difference.
    "network-fund-trial-balance": {
        "task": "network.tasks.fund_trial_balance",
        "schedule": crontab(hour=2, minute=0),
    },
    # The talent bank kept current, daily at 9:00 Tokyo time: the yearly "still
    # available?" email, dormancy 30 days without an answer, and the reminder 60
    # days before a qualification expires (each once).
    "support-talent-refresh": {
        "task": "support.tasks.talent_refresh_ask",
        "schedule": crontab(hour=9, minute=0),
    },
    "support-talent-dormancy": {
        "task": "support.tasks.talent_dormancy_apply",
        "schedule": crontab(hour=9, minute=10),
    },
    "support-talent-expiry": {
        "task": "support.tasks.talent_expiry_remind",
        "schedule": crontab(hour=9, minute=20),
    },
    # Personal data: exports deleted after WCO_PRIVACY_EXPORT_DAYS, the journal file
    # kept in step with the database, hourly; the retention rules applied nightly
    # at 03:00 Tokyo time; the next run's dry-run report to the secretary-general
    # on the first of each month at 08:30.
    "members-privacy-housekeeping": {
        "task": "members.tasks.privacy_housekeeping",
        "schedule": 3600,
    },
    "members-retention-run": {
        "task": "members.tasks.retention_run",
        "schedule": crontab(hour=3, minute=0),
    },
    "members-retention-report": {
        "task": "members.tasks.retention_report",
        "schedule": crontab(day_of_month=1, hour=8, minute=30),
    },
    # The business section (issue 17): a contract's training report due within 7 days
    # (each reminder once).
    "business-training-report-reminders": {
        "task": "business.tasks_contracts.training_report_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # A site's recorders: yesterday was an opening day and no session is recorded.
    "business-site-session-reminders": {
        "task": "business.tasks_sites.session_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # A period report due within 7 days and not yet submitted (once per period).
    "business-report-due-reminders": {
        "task": "business.tasks_reports.report_due_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.backends.AccountBackend",
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.CitizenSignupForm"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A person is told by email when their password, email address or second factors change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Five wrong passwords for one account within five minutes lock that account's
# sign-in for the rest of the window, whatever password comes next, except from a
# browser that signed in to it before: its failures count apart (members.signin_limits).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["webauthn", "totp", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "W.Co SSE"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Production requires a second factor of everyone holding a role (see members.middleware).
WCO_REQUIRE_SECOND_FACTOR = env_bool("WCO_REQUIRE_SECOND_FACTOR", PRODUCTION)

# --- Internationalization -----------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
# Dates printed without a filter follow the portal's one style (wco_sse.core.dates).
FORMAT_MODULE_PATH = ["wco_sse.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded files live outside any public URL; members.views.file_download serves
    # them after a permission check.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("DJANGO_MEDIA_ROOT") or str(BASE_DIR / "var" / "files")
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The erasure journal (members.personal_data.journal): one JSON line per erasure or
# retention run, kept outside the database and its backups, so that a restore
# applies every erasure again. Put it on a volume of its own in production.
WCO_PRIVACY_JOURNAL = Path(
    env("WCO_PRIVACY_JOURNAL") or BASE_DIR / "var" / "privacy-journal.jsonl"
)
# A person's export (ZIP) is kept this many days, then deleted.
WCO_PRIVACY_EXPORT_DAYS = 7
WCO_UPLOAD_MAX_BYTES = int(env("WCO_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# What the member-list import reads of a file (members.imports.limits); a file past
# any of these is refused before it is read. The dry run checks every row while the
# user waits (a few ms a row): the organization's 100–200 W.Cos, or their people,
# fit many times over.
WCO_IMPORT_MAX_ROWS = int(env("WCO_IMPORT_MAX_ROWS", "1000"))
WCO_IMPORT_MAX_COLUMNS = int(env("WCO_IMPORT_MAX_COLUMNS", "50"))
WCO_IMPORT_MAX_CELL_CHARS = int(env("WCO_IMPORT_MAX_CELL_CHARS", "2000"))
WCO_IMPORT_MAX_UNPACKED_BYTES = int(
    env("WCO_IMPORT_MAX_UNPACKED_BYTES", str(20 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email --------------------------------------------------------------------------------


def _email_settings(url):
    """Read EMAIL_URL: smtp://user:pass@host:587?tls=1, smtps://…, console:, file:///dir."""
    if not url:
        if PRODUCTION:
            return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme in {"smtp", "smtps"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        }
    raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {parts.scheme}")


globals().update(_email_settings(env("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", "W.Co SSE <noreply@wco-sse.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long an email that carries a secret (a password-reset or consent link, a code)
# may wait to be sent before its secrets are dropped and it is given up.
WCO_EMAIL_SECRET_HOURS = int(env("WCO_EMAIL_SECRET_HOURS", "6"))

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many proxies of ours stand in front of gunicorn (README, "Production"). With none,
# X-Forwarded-For and X-Forwarded-Proto are anybody's words and are ignored: the client
# is the peer (wco_sse.core.clientip), for allauth's sign-in limits too.
try:
    WCO_TRUSTED_PROXY_COUNT = int(env("WCO_TRUSTED_PROXY_COUNT", "0") or "0")
except ValueError:
    WCO_TRUSTED_PROXY_COUNT = -1
if not 0 <= WCO_TRUSTED_PROXY_COUNT <= 5:
    raise ImproperlyConfigured(
        "WCO_TRUSTED_PROXY_COUNT must be the number of proxies in front of the portal "
        "(0 when none, usually 1)."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = WCO_TRUSTED_PROXY_COUNT
if PRODUCTION and WCO_TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = (
        env_bool("DJANGO_SECURE_SSL_REDIRECT", True) and not BENCH_INSECURE_LOOPBACK
    )
    # Load balancers and the CI smoke check ask for /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = (
        env_bool("DJANGO_SECURE_COOKIES", True) and not BENCH_INSECURE_LOOPBACK
    )
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline scripts or styles: every script and stylesheet comes from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Every form's fields read single-line text without direction controls and show the
# maximum of long text (wco_sse.core.forms.PortalBoundField).
FORM_RENDERER = "wco_sse.core.forms.PortalFormRenderer"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
