"""Tansiq settings: the one settings module, read from environment variables.

Every variable is parsed strictly: a malformed value stops start-up with a message naming it,
rather than being read as something else. Production secrets have no defaults.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def email_settings(url):
    """EMAIL_URL: console:, locmem:, dummy:, smtp://[user:password@]host[:port][?tls=1|ssl=1]."""
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(backends)}:, not {url!r}"
        )
    config = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme == "smtp":
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL needs a host: {url!r}")
        query = parse_qs(parts.query)
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=parts.port or 25,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=query.get("tls", ["0"])[0] in _TRUE,
            EMAIL_USE_SSL=query.get("ssl", ["0"])[0] in _TRUE,
            EMAIL_TIMEOUT=10,
        )
    return config


DEBUG = env_bool("DEBUG", False)
CI = env_bool("CI", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghij"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    # Sign-in: staff enrol an authenticator app (TOTP) with recovery codes (members.staff_mfa).
    "allauth.mfa",
    "django_filters",
    "django_countries",
    "federation",
    "members",
    "events",
    "outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Files and headers: CSP, Permissions-Policy, Cache-Control private (members.headers).
    "members.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Writes and input: a NUL byte or a malformed admin filter id is a 400 (members.strict_input).
    "members.strict_input.StrictInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sign-in: staff without a second factor are sent to set one up (STAFF_MFA_REQUIRED).
    "members.staff_mfa.StaffMFAMiddleware",
]

ROOT_URLCONF = "federation.urls"
WSGI_APPLICATION = "federation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's own templates without their indentation (federation/template_loader.py);
            # those of Django and the packages as they are. Cached: each is read once per process.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "federation.template_loader.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.federation",
                "federation.context_processors.languages",
            ],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'tansiq.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page's queries are small: a parallel plan spends the server's cores on one request
    # while the others wait (measured: a directory search went from 290 ms to 60 ms p95 under
    # 8 concurrent clients). Timeouts keep one bad query from holding a worker forever.
    # random_page_cost: the portal's tables fit in memory, where a random page costs about what
    # a sequential one does; at the default (4, for spinning disks) the planner read all
    # 100,000 organizations (145 ms) rather than the 6,652 a search's trigram index names (16 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0 "
        "-c random_page_cost=1.1 "
        f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 30000)}"
    )
# Writes and input: SQLite, the embedded default, under a few users at once. WAL lets pages
# read while a request writes; IMMEDIATE takes the write lock when a transaction begins, so
# two requests that read then write queue for up to `timeout` seconds instead of one failing
# at once with "database is locked" (a deferred transaction cannot wait for the upgrade);
# synchronous=NORMAL is safe under WAL and spares a disk flush per commit.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=5,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and shared cache when REDIS_URL is set; otherwise tasks run in-process and the
# cache is per process (fine for one runserver).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Sign-in: Redis while it answers, this process's memory while it does not, so a
            # Redis outage does not turn every sign-in into a 500 (members.fallback_cache).
            # The page cache's generations must be shared by every process: no fallback.
            "BACKEND": "members.fallback_cache.FallbackCache",
            "PRIMARY": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tansiq",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "NO_FALLBACK_KEY_PREFIXES": ["pagecache:"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors and computed fragments are cached (members.pagecache) and
# invalidated by the writes that change them; PAGE_CACHE=off renders everything every time.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# `make bench` measures a hello-world view through the same middleware as the floor.
BENCH_HELLO = env_bool("BENCH_HELLO", False)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing must never hang a request: give up on the broker quickly.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# max_retries=0: a refused connection fails at once instead of sleeping 2 s and retrying;
# the message stays in the outbox and the drain sends it when the broker is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    # The outbox: messages whose publish was lost (broker down) and retries after SMTP errors.
    "drain-outbox": {"task": "members.drain_outbox", "schedule": 60.0},
    # Hourly; each run sends only what is due for its day (the rows are unique per day).
    "follow-up-digest": {"task": "outcomes.send_followup_digest", "schedule": 3600.0},
    "convening-reminders": {"task": "events.send_convening_reminders", "schedule": 3600.0},
    # Hourly too; the weekly list goes out once per ISO week (its rows are unique per week).
    "escalation-digest": {"task": "outcomes.send_escalation_digest", "schedule": 3600.0},
}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: e-mail only, verified addresses; its rate limits stay on (they use CACHES).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Sign-in: degrades rather than fails, the admin behind the same door, no enumeration.
# The number of reverse proxies in front of the app, each appending the address it received
# the request from to X-Forwarded-For: the client's address is the entry that many places from
# the right (members.client_ip); 0 (no proxy): REMOTE_ADDR, and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be a number of proxies, 0 or more, not {TRUSTED_PROXY_COUNT}"
    )
# Open-data API (federation.api): requests per minute from one address without a token or
# session, and per personal token or signed-in account.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 60)
API_TOKEN_RATE_LIMIT = env_int("API_TOKEN_RATE_LIMIT", 600)
for _name, _limit in (
    ("API_RATE_LIMIT", API_RATE_LIMIT),
    ("API_TOKEN_RATE_LIMIT", API_TOKEN_RATE_LIMIT),
):
    if _limit < 1:
        raise ImproperlyConfigured(f"{_name} must be a number of requests, 1 or more, not {_limit}")
# Staff (is_staff, the secretariat, tellers) must set up an authenticator app before any page
# but the set-up itself (members.staff_mfa). Off in the demo, where DEBUG is on.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "members.adapters.MFAAdapter"
# A known address gets an e-mail instead of an error, after the same work as a new one.
ACCOUNT_PREVENT_ENUMERATION = True
# A general assembly signs in at once, often from one venue's network (one address for all):
# allauth's 30 sign-ins and 10 failures a minute per address would stall the vote. Per address
# the limits only slow a flood; guessing one account's password stays at 5 tries in 5 minutes.
ACCOUNT_RATE_LIMITS = {"login": "300/m/ip", "login_failed": "60/m/ip,5/5m/key"}
# Password and address changes, and second-factor changes, are told to the account's address
# (through the outbox, like every allauth mail: members.adapters).
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Languages: Arabic first, English beside it.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["federation.formats"]  # grouped numbers, a moment on the 24-hour clock
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "en"), "ar": ("en",), "en": ("ar",)}
# The tabbed admin loads jQuery UI from a CDN by default; we ship a small tabs script instead.
JQUERY_UI_URL = "admin/js/mt-tabs.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

# Django 6 will assume https:// for scheme-less URLs typed into forms; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files and headers: every upload is stored under a random name with the extension of its
# checked content (members.files.UploadStorage) and sent only by federation.views_media, which
# decides who may see it (404 otherwise) and states its real type.
STORAGES["default"] = {"BACKEND": "members.files.UploadStorage"}
# Behind nginx: the `internal` location that sends a file the view has allowed
# (X-Accel-Redirect), e.g. "/protected-media/"; empty, the view sends the bytes itself.
MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT", "").strip()
if MEDIA_ACCEL_REDIRECT and not (
    MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured(
        f"MEDIA_ACCEL_REDIRECT must be a path that starts and ends with /, "
        f"not {MEDIA_ACCEL_REDIRECT!r}"
    )
# Logos and photos are checked and re-encoded by members.images; this caps the raw upload.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

globals().update(email_settings(env_str("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tansiq@localhost")
# Absolute links in e-mails start with this (no trailing slash needed).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The follow-up digest goes out once a day at this hour, in the federation's time zone.
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(f"DIGEST_HOUR must be an hour from 0 to 23, not {DIGEST_HOUR}")
# Open recommendations overdue by more than this many days go into the secretariat's weekly
# escalation e-mail.
# How many other organizations' votes one organization may hold by proxy at a convening.
PROXY_LIMIT = env_int("PROXY_LIMIT", 1)
if PROXY_LIMIT < 1:
    raise ImproperlyConfigured(f"PROXY_LIMIT must be at least 1, not {PROXY_LIMIT}")
# The presence page lists for coordination the sector-and-place cells where more than this many
# organizations work in the same period.
PRESENCE_DUPLICATION_THRESHOLD = env_int("PRESENCE_DUPLICATION_THRESHOLD", 3)
if PRESENCE_DUPLICATION_THRESHOLD < 1:
    raise ImproperlyConfigured(
        f"PRESENCE_DUPLICATION_THRESHOLD must be at least 1, not {PRESENCE_DUPLICATION_THRESHOLD}"
    )
ESCALATE_AFTER_DAYS = env_int("ESCALATE_AFTER_DAYS", 30)
if ESCALATE_AFTER_DAYS < 1:
    raise ImproperlyConfigured(
        f"ESCALATE_AFTER_DAYS must be a number of days of at least 1, not {ESCALATE_AFTER_DAYS}"
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Production hardening: on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz is polled over plain HTTP inside the deployment's network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
