"""Settings for the resolution tracker, read from the environment.

With nothing set, the tracker runs for development on an SQLite file in the project.
With DEBUG off it refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envfloat(name: str, default: float, *, minimum: float = 0.0) -> float:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None
    if not number >= minimum or number == float("inf"):  # NaN fails the first test
        raise ImproperlyConfigured(
            f"{name} must be a number of at least {minimum:g}, not {value!r}"
        )
    return number


def envstr(name: str, default: str) -> str:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envrate(name: str, default: str) -> str:
    """A rate as django-ratelimit and DRF read it: a count per second, minute, hour or day."""
    value = os.environ.get(name, "").strip() or default
    count, _, period = value.partition("/")
    if not (count.isdigit() and int(count) > 0 and period in ("s", "m", "h", "d")):
        raise ImproperlyConfigured(
            f"{name} must be a count per s, m, h or d (for example 10/m), not {value!r}"
        )
    return value


DEBUG = envbool("DEBUG", True)

# A development key is only acceptable while DEBUG is on: production must bring its own.
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "resolutions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "resolutions.web.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, which may hold the chosen language; before CommonMiddleware,
    # whose redirects then keep it.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or filter reads the address; after the language and the user, so
    # that the 404 and 400 pages are in the visitor's language and know who they are.
    "resolutions.web.middleware.UnreadableRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a lockout raised in authenticate() into a
    # response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked": a write
    # transaction takes the lock when it begins (a transaction that read first and then
    # wrote could not wait, and failed at once), for up to 20 seconds. WAL lets readers go on
    # while one writes; synchronous=NORMAL is safe with WAL and saves a sync per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica of the same database takes the reads (tracker/routers.py).
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
    DATABASE_ROUTERS = ["tracker.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "pages" keeps the public pages a visitor sees until the data they show changes
# (resolutions/web/visitor_cache.py), apart from the counts and rate limits in "default",
# so that many pages asked once cannot push out the counts every page needs.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    # Rows and texts rendered once for what they show (resolutions/web/fragments.py): a
    # row of a list is one or two kilobytes, 20,000 of them about 40 MiB.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # The answers of the checks a visitor's page kept under the texts' version is served
    # with (resolutions/web/visitor_cache.py), each kept until the next write: a list's open
    # requests a few hundred bytes, a resolution page's requests and notes about 1 KiB a
    # request (A/HRC/RES/32/6: 10 KiB), so at most a few tens of MiB.
    "checks": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "checks",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Fragments over 16 KiB (a resolution's text, up to 512 KiB), and a resolution page's
    # text as read, kept under the texts' version (A/HRC/RES/32/6: 43 KiB): at most about
    # 100 MiB.
    "texts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "texts",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
if os.environ.get("REDIS_URL"):
    # Shared by every application server; sessions stay in the database behind it.
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
        }
        for name, prefix in (
            ("default", ""),
            ("pages", "pages"),
            ("fragments", "fragments"),
            ("texts", "texts"),
            ("checks", "checks"),
        )
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# False renders every page a visitor asks for.
VISITOR_PAGES_KEPT = envbool("VISITOR_PAGES_KEPT", True)
# False renders every row and text afresh instead of taking them as kept for what they show.
FRAGMENTS_KEPT = envbool("FRAGMENTS_KEPT", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The interface speaks English and French: the language cookie set by the switch on every
# page (django.views.i18n.set_language) chooses, else the browser's Accept-Language. URLs
# carry no language prefix, so that links and permalinks are the same in every language.
# Resolution texts keep the language they were imported in (Resolution.language).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Security. Cookies are secure and the site HTTPS-only whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The language cookie holds only the visitor's choice; no script needs to read it.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Who the client is (resolutions/throttling.py, client_address): with no trusted proxy,
# the address the connection comes from; behind TRUSTED_PROXY_COUNT reverse proxies, the
# address the outermost of them saw, read from X-Forwarded-For. Never trust the header
# without a proxy that writes it: anyone can send one.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")

# The pages load nothing from elsewhere and carry no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# How many rows a list page shows.
PAGE_SIZE = envint("PAGE_SIZE", 25)

# Who the public reads as having recorded an event or being responsible for a request:
# staff names and assignments are shown to staff only (resolutions/access.py).
TRACKER_ORGANISATION = envstr("TRACKER_ORGANISATION", "OHCHR secretariat")

# The public JSON API under /api/: anyone may read; only staff who may record follow-up
# write, with a token (created in the admin) or, in the browsable API, their session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that an anonymous write is answered 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # DRF's own, with JSON that must be text (resolutions/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "resolutions.api.parsers.TextJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Anonymous readers, per client address, at RATE_LIMITS["api"]; 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["resolutions.web.throttling.AnonymousAPIThrottle"],
    # What DRF's own get_ident would read; AnonymousAPIThrottle asks client_address, which
    # reads the same setting the same way.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Resolution tracker API",
    "DESCRIPTION": (
        "United Nations resolutions, their paragraphs and citations, and the follow-up they "
        "ask for. Reading is open to all; recording follow-up needs a staff token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page loads its scripts from our own static files: the CSP allows
    # no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" field; name each set of choices after what it is.
    "ENUM_NAME_OVERRIDES": {
        "ResolutionKindEnum": "resolutions.models.ResolutionKind",
        "DocumentKindEnum": "resolutions.models.DocumentKind",
        "ParagraphKindEnum": "resolutions.models.ParagraphKind",
        "SessionKindEnum": "resolutions.models.SessionKind",
        "SponsorKindEnum": "resolutions.models.SponsorKind",
        "FollowUpStatusEnum": "resolutions.models.FollowUpStatus",
    },
    # Reading the schema is open to all; writing to it, as to every endpoint, is not.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
}

# Login throttling (django-axes): a password guesser gets five tries per account and
# client address, then waits. Keyed on both, so that one office behind a shared address is
# not locked out by one forgetful colleague, and one account is not locked out for everyone
# (a guesser elsewhere cannot lock the administrator out). An address that fails
# LOGIN_FAILURES_PER_ADDRESS times, over any usernames, is locked out too: that is a
# guesser spraying a few passwords across many accounts (resolutions/throttling.py).
# The backend must come first: it refuses a locked-out login before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "resolutions.web.throttling.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "resolutions.web.throttling.client_address"
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
# The order matters to LoginThrottleHandler: the account at an address, then the address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True


# What one anonymous client may ask of the heavy endpoints, per kind (staff are not
# limited). Beyond it, 429 with Retry-After. Counted in the cache: per gunicorn worker
# without REDIS_URL, shared by every worker and server with it.
RATE_LIMITS = {
    # The CSV exports and the deadline calendar: each reads a whole list.
    "exports": envrate("RATE_LIMIT_EXPORTS", "10/m"),
    # The Atom feeds: feed readers poll.
    "feeds": envrate("RATE_LIMIT_FEEDS", "30/m"),
    "search": envrate("RATE_LIMIT_SEARCH", "60/m"),
    "api": envrate("RATE_LIMIT_API", "300/m"),
}
# Exports (CSV, calendar) that one machine streams at once, whoever asks; beyond them,
# 503 with Retry-After, so that long exports never hold every gunicorn worker. Slots are
# locked files in EXPORT_SLOTS_DIR, shared by the machine's workers. No cap (0) while
# DEBUG is on: the development server and the tests.
# In production half the cores, at least one: an export keeps a core busy writing CSV, and
# the pages need the others (bench/exports.py: on two cores, the home page's p95 while 15
# clients export was 2.6x idle with one export at a time and 3.7x with two).
EXPORTS_AT_ONCE = envint("EXPORTS_AT_ONCE", 0 if DEBUG else max(1, (os.cpu_count() or 2) // 2))
EXPORT_SLOTS_DIR = os.environ.get("EXPORT_SLOTS_DIR") or str(
    Path(tempfile.gettempdir())
    / f"tracker-export-slots-{hashlib.sha256(bytes(BASE_DIR)).hexdigest()[:12]}"
)

# Fetching texts from the UN (resolutions/sources/un/, manage.py fetch_documents): the
# Official Document System for a document's file, the Digital Library for its record.
# UN_REQUESTS_PER_SECOND spaces every request to either, retries included (0: no limit,
# for a local server only); UN_TIMEOUT is in seconds. A 429, a 5xx, a timeout or a body
# cut short is tried again UN_RETRIES times, UN_BACKOFF seconds later and twice as long
# each time after (a 429 after the Retry-After it gives). Good answers are kept in
# UN_CACHE_DIR, so that a second fetch asks nothing (set it empty for no cache).
# UN_CONTACT, a URL or an address, goes into the User-Agent, so that the services'
# operators know whom to tell when the tracker asks too much.
UN_ODS_URL = envstr("UN_ODS_URL", "https://documents.un.org/api/symbol/access")
UN_LIBRARY_URL = envstr("UN_LIBRARY_URL", "https://digitallibrary.un.org/search")
UN_REQUESTS_PER_SECOND = envfloat("UN_REQUESTS_PER_SECOND", 1.0)
UN_TIMEOUT = envfloat("UN_TIMEOUT", 30.0, minimum=0.1)
UN_RETRIES = envint("UN_RETRIES", 3)
if UN_RETRIES < 0:
    raise ImproperlyConfigured(f"UN_RETRIES must be 0 or more, not {UN_RETRIES}")
UN_BACKOFF = envfloat("UN_BACKOFF", 2.0)
UN_CACHE_DIR = os.environ.get("UN_CACHE_DIR", str(BASE_DIR / "cache" / "un")).strip()
UN_CONTACT = envstr("UN_CONTACT", "")
# How long a fetch asked for on a page may wait for the worker before the page says that
# no worker seems to be running (manage.py db_worker; `make run` starts one).
UN_FETCH_WAIT_WARNING = envint("UN_FETCH_WAIT_WARNING", 120)

# E-mail: the reminders staff choose to hear (resolutions/followups/reminders.py, sent by
# `manage.py send_reminders`), through Django's mailers. SMTP from the environment; while
# DEBUG, the console backend prints the messages instead, unless EMAIL_BACKEND says
# otherwise.
EMAIL_BACKEND_PATH = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": envstr("EMAIL_HOST", "localhost"),
            "port": envint("EMAIL_PORT", 25),
            "username": envstr("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": envbool("EMAIL_USE_TLS", False),
            "use_ssl": envbool("EMAIL_USE_SSL", False),
            "timeout": envint("EMAIL_TIMEOUT", 30),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Resolution tracker <tracker@localhost>")
# The site's address as readers reach it, for the links in e-mails (which have no request).
SITE_URL = envstr("SITE_URL", "http://localhost:8000").rstrip("/")
# How many days before a request's due date its assignee hears of it, unless they choose.
REMINDER_DAYS_BEFORE = envint("REMINDER_DAYS_BEFORE", 14)

# Background work (Django's tasks framework): a fetch from the UN started on a page is
# queued in the database and run by `manage.py db_worker` (django-tasks-db), which
# `make run` starts beside the server; in production run it as a service of its own
# (deploy/README.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
