"""Settings for the Hong Kong Camera Map.

Every deployment knob is an environment variable read through mapsite.lib.env,
which raises ImproperlyConfigured on a malformed value instead of guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.leaflet_markercluster
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mapsite.lib.deployment import cache_config, photo_storage_config
from mapsite.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


def _secret_key() -> str:
    """Use SECRET_KEY if set; otherwise keep a generated one in a git-ignored file
    so sessions survive restarts without a secret ever being committed."""
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / ".secret_key")))
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # no autodiscover: leaflet.admin imports GDAL
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "leaflet",
    "csp",
    "django_altcha",
    "mapsite.pages",
    "mapsite.districts",
    "mapsite.figures",
    "mapsite.cameras",
    "mapsite.accounts",
    "mapsite.sightings",
    "mapsite.photos",
    "mapsite.votes",
    "mapsite.audit",
    "mapsite.moderation",
    "mapsite.tiles",
    "mapsite.imports",
    "mapsite.places",
    "mapsite.changes",
    "mapsite.publication",
    "mapsite.stats",
    "mapsite.offline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mapsite.tiles.memo.TileResponseMemo",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mapsite.pages.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "mapsite.core.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "mapsite.urls"
WSGI_APPLICATION = "mapsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "mapsite" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mapsite.pages.context_processors.site",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers run while one writer writes;
# the busy timeout and IMMEDIATE transactions make concurrent writers queue
# instead of failing with "database is locked".
_sqlite_path = env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is invalid: {exc}") from exc
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite_path,
            # Kept per thread between requests: opening one re-reads the schema and runs the
            # pragmas, which cost a cached tile several times its own work.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA mmap_size=268435456;"
                    "PRAGMA cache_size=-65536;"
                ),
            },
            # Tests use a file too: Django's default in-memory test database runs
            # in shared-cache mode, where concurrent writers fail at once with
            # "table is locked" instead of waiting, so the tests that vote from
            # several threads could not show that writers queue.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(BASE_DIR / "test-db.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Rate-limit counters (hashed, short-lived keys) and memos live here. Each process's
# memory by default, which is right for one worker; several workers or machines need
# CACHE_URL=redis://... so they count one limit together (mapsite/lib/deployment.py).
for _old in ("CACHE_BACKEND", "CACHE_LOCATION"):
    if env_str(_old):
        raise ImproperlyConfigured(f"{_old} is no longer read: set CACHE_URL (e.g. redis://127.0.0.1:6379/0)")
CACHES = {"default": cache_config(env_str("CACHE_URL"))}

# --- Accounts ---------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cameras:map"
LOGOUT_REDIRECT_URL = "cameras:map"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The log-in challenge (django-altcha, self-hosted: its script is a static file).
ALTCHA_HMAC_KEY = hmac.new(SECRET_KEY.encode(), b"altcha", hashlib.sha256).hexdigest()
ALTCHA_JS_URL = "altcha/altcha.min.js"
# Upper bound of the proof-of-work search: the browser tries about half of it on average (see README).
LOGIN_CHALLENGE_MAX_NUMBER = env_int("LOGIN_CHALLENGE_MAX_NUMBER", 250_000, minimum=1000)

# --- Languages --------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "mapsite" / "locale"]
FORMAT_MODULE_PATH = ["mapsite.formats"]  # number grouping as Hong Kong writes it (mapsite/formats/)
USE_I18N = True
TIME_ZONE = "Asia/Hong_Kong"
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "mapsite" / "static",
    # Leaflet.markercluster comes from its XStatic package (never a CDN), under
    # the prefix LEAFLET_CONFIG's "markercluster" plugin points at.
    ("leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
# Photos live in the "photos" storage: files under MEDIA_ROOT by default, or an
# S3-compatible bucket shared by every machine (PHOTO_STORAGE=s3; mapsite/photos/storage.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "photos": photo_storage_config(env_str("PHOTO_STORAGE", "local")),
}
# Uploaded photos are never served straight from disk or from the bucket: the photos
# app serves approved ones through a view that checks approval on every request, so
# MEDIA_URL is not routed and the bucket can stay private.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL_BASE", "/media/")
# The open-data exports, each rebuilt at most every few minutes (mapsite/cameras/export.py).
EXPORT_CACHE_DIR = Path(env_str("EXPORT_CACHE_DIR", str(MEDIA_ROOT / "exports")))
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
CSRF_FAILURE_VIEW = "mapsite.core.handlers.csrf_failure"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Map --------------------------------------------------------------------
TILE_URL = env_str("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# The default credit is translated: django-leaflet serialises it lazily, in the page's language.
# A deployment's own TILE_ATTRIBUTION is shown as given.
TILE_ATTRIBUTION = env_str("TILE_ATTRIBUTION", "") or _(
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
TILE_MAX_ZOOM = env_int("TILE_MAX_ZOOM", 19, minimum=1)


def _tile_origin(url: str) -> str:
    parts = urlsplit(url if "//" in url else "https://" + url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"TILE_URL={url!r} must be an http(s) URL")
    # "{s}.tile.example.org" means several subdomains; allow them all.
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


TILE_ORIGIN = _tile_origin(TILE_URL)

LEAFLET_CONFIG = {
    "TILES": [("", TILE_URL, {"attribution": TILE_ATTRIBUTION, "maxZoom": TILE_MAX_ZOOM})],
    "DEFAULT_CENTER": (22.35, 114.12),
    "DEFAULT_ZOOM": 11,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": TILE_MAX_ZOOM,
    "SPATIAL_EXTENT": (113.75, 22.1, 114.55, 22.6),
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
    "PLUGINS": {
        "markercluster": {
            "css": [
                "leaflet-markercluster/MarkerCluster.css",
                "leaflet-markercluster/MarkerCluster.Default.css",
            ],
            "js": "leaflet-markercluster/leaflet.markercluster.js",
            "auto-include": True,
        },
    },
}

# --- HTTPS ------------------------------------------------------------------
# HTTPS=true turns on everything a deployment behind TLS needs at once: the
# redirect to https, HSTS (a year, subdomains, preload-ready) and cookies sent
# only over https. SECURE_COOKIES is the old name, still read as a default.
# Behind a reverse proxy on this host the proxy must send X-Forwarded-Proto:
# gunicorn trusts it from 127.0.0.1 (FORWARDED_ALLOW_IPS), so is_secure() holds.
HTTPS = env_bool("HTTPS", env_bool("SECURE_COOKIES", False))
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# --- Security headers -------------------------------------------------------
# Tile servers (OpenStreetMap's among them) refuse requests without a Referer;
# the origin alone satisfies them and leaks no path.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", TILE_ORIGIN],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}



def _static_security_headers(headers, path: str, url: str) -> None:
    """WhiteNoise answers static files before the CSP and X-Frame-Options
    middleware run: give them the pages' headers here (the nonce aside, which
    only pages have)."""
    from csp.utils import build_policy

    headers["Content-Security-Policy"] = build_policy()
    headers["X-Frame-Options"] = X_FRAME_OPTIONS
    headers["Referrer-Policy"] = SECURE_REFERRER_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Opener-Policy"] = SECURE_CROSS_ORIGIN_OPENER_POLICY


WHITENOISE_ADD_HEADERS_FUNCTION = _static_security_headers

# --- Logging ----------------------------------------------------------------
# No client address reaches a log: Django's request loggers record only method,
# path and status, gunicorn's access log stays off, and every handler (here and
# in mapsite/gunicorn_conf.py) scrubs anything shaped like an IP address.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_addresses": {"()": "mapsite.lib.logscrub.ScrubAddresses"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub_addresses"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # runserver's request log, otherwise on a handler of its own.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Product rules (thresholds live here so they are tunable in one place) ---
DUPLICATE_RADIUS_IMPORT_M = 10
DUPLICATE_RADIUS_SUBMIT_M = 15
# Residents' reports, votes and photo approvals go public in batches at fixed windows this many
# hours apart in Hong Kong time (mapsite/publication/windows.py); 0 publishes at once.
PUBLISH_WINDOW_HOURS = env_int("PUBLISH_WINDOW_HOURS", 3, minimum=0)
if PUBLISH_WINDOW_HOURS > 24:
    raise ImproperlyConfigured(f"Environment variable PUBLISH_WINDOW_HOURS={PUBLISH_WINDOW_HOURS} is invalid: "
                               "must be at most 24")
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 365, minimum=1)
RECONFIRM_AFTER_DAYS = env_int("RECONFIRM_AFTER_DAYS", 30, minimum=1)
VERIFY_MIN_CONFIRMATIONS = env_int("VERIFY_MIN_CONFIRMATIONS", 3, minimum=1)
# By weight (VOTE_WEIGHT_*): 4 is two established votes ahead, as 2 plain votes used to be.
VERIFY_MIN_MARGIN = env_int("VERIFY_MIN_MARGIN", 4, minimum=0)
# Trust levels (mapsite/accounts/trust.py): earned by a record that moderators decided. Five verified
# reports, not three: at a launch, with no established honest residents yet, sock puppets that earned
# three reached "established" first and verified fakes (benchmarks/trust.py; see BENCHMARKS.md).
TRUST_ESTABLISHED_VERIFIED = env_int("TRUST_ESTABLISHED_VERIFIED", 5, minimum=1)
TRUST_ESTABLISHED_DAYS = env_int("TRUST_ESTABLISHED_DAYS", 7, minimum=0)
TRUST_ESTABLISHED_MAX_REJECTED = env_int("TRUST_ESTABLISHED_MAX_REJECTED", 1, minimum=0)
TRUST_ESTABLISHED_MAX_CONTRADICTED = env_int("TRUST_ESTABLISHED_MAX_CONTRADICTED", 1, minimum=0)
TRUST_RECENT = env_int("TRUST_RECENT", 10, minimum=1)  # "in its last N" decided reports, and votes
TRUST_TRUSTED_VERIFIED = env_int("TRUST_TRUSTED_VERIFIED", 15, minimum=1)
TRUST_TRUSTED_DAYS = env_int("TRUST_TRUSTED_DAYS", 30, minimum=0)
TRUST_VOTES_PER_REPORT = env_int("TRUST_VOTES_PER_REPORT", 5, minimum=1)  # borne-out votes per verified report
VOTE_WEIGHT_NEW = env_int("VOTE_WEIGHT_NEW", 1, minimum=0)
VOTE_WEIGHT_ESTABLISHED = env_int("VOTE_WEIGHT_ESTABLISHED", 2, minimum=1)
VOTE_WEIGHT_TRUSTED = env_int("VOTE_WEIGHT_TRUSTED", 3, minimum=1)
# What an account may do a day, by level; and what counts as a burst.
REPORTS_PER_DAY_NEW = env_int("REPORTS_PER_DAY_NEW", 5, minimum=1)
REPORTS_PER_DAY_ESTABLISHED = env_int("REPORTS_PER_DAY_ESTABLISHED", 50, minimum=1)
REPORTS_PER_DAY_TRUSTED = env_int("REPORTS_PER_DAY_TRUSTED", 200, minimum=1)
VOTES_PER_DAY_NEW = env_int("VOTES_PER_DAY_NEW", 20, minimum=1)
VOTES_PER_DAY_ESTABLISHED = env_int("VOTES_PER_DAY_ESTABLISHED", 200, minimum=1)
VOTES_PER_DAY_TRUSTED = env_int("VOTES_PER_DAY_TRUSTED", 500, minimum=1)
REPORT_BURST_RATE = env_str("REPORT_BURST_RATE", "10/h")  # more than this is a burst
VOTE_BURST_RATE = env_str("VOTE_BURST_RATE", "15/5m")
BURST_PAUSE_MINUTES = env_int("BURST_PAUSE_MINUTES", 120, minimum=1)
BURST_LOOKBACK_HOURS = env_int("BURST_LOOKBACK_HOURS", 24, minimum=1)
# Plausibility warnings (mapsite/sightings/plausibility.py).
# 3 km: every shipped station, estate and TD camera is within 2.8 km of another one, so a pin
# beside any of them is never flagged; open water (Deep Bay, Port Shelter, south of Lamma) is.
PLAUSIBLE_LAND_DISTANCE_M = env_int("PLAUSIBLE_LAND_DISTANCE_M", 3000, minimum=100)
# "Many reports within a few metres": this many of the account's other reports, this close, this recent.
PLAUSIBLE_CLUSTER_RADIUS_M = env_int("PLAUSIBLE_CLUSTER_RADIUS_M", 30, minimum=1)
PLAUSIBLE_CLUSTER_COUNT = env_int("PLAUSIBLE_CLUSTER_COUNT", 3, minimum=1)
PLAUSIBLE_CLUSTER_DAYS = env_int("PLAUSIBLE_CLUSTER_DAYS", 7, minimum=1)
SIGNUP_CHALLENGE_MAX_NUMBER = env_int("SIGNUP_CHALLENGE_MAX_NUMBER", 1_000_000, minimum=1000)
SIGNUP_NOJS_WAIT_SECONDS = env_int("SIGNUP_NOJS_WAIT_SECONDS", 60, minimum=1)  # without JavaScript: a wait instead
FLAG_MIN_DISPUTES = env_int("FLAG_MIN_DISPUTES", 2, minimum=1)
# How far away the camera a "duplicate" dispute or a merge points at may be:
# duplicates are the same camera reported twice, so they are near each other.
DUPLICATE_MAX_DISTANCE_M = 250
# This instance copies another (manage.py mirror URL, which also records its source): the site's
# footer then says so and links to it. Set it to show the notice before the first run.
MIRROR_OF = env_str("MIRROR_OF")
if MIRROR_OF and urlsplit(MIRROR_OF).scheme not in ("http", "https"):
    raise ImproperlyConfigured(f"MIRROR_OF={MIRROR_OF!r} must be an http(s) URL")
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "mapsite.pages.views.ratelimited"
RATELIMIT_HASH_SALT = env_str("RATELIMIT_HASH_SALT", SECRET_KEY)

# Rate limits, upload handlers and the map's tiles: kept in their own modules (this one would pass 400 lines).
from mapsite.settings_limits import *  # noqa: E402, F403
from mapsite.settings_map import *  # noqa: E402, F403
