"""Siaga settings, read from the environment (see README.md, "Settings").

Production mode (SIAGA_DEBUG unset or false) refuses to start without a real secret key and allowed hosts.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SIAGA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("SIAGA_DEBUG", False)
TESTING = env_bool("SIAGA_TESTING", False)
_INSECURE_KEY = "insecure-dev-key-change-me"
SECRET_KEY = env_str("SIAGA_SECRET_KEY", _INSECURE_KEY if (DEBUG or TESTING) else "")
if not SECRET_KEY or (not (DEBUG or TESTING) and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 32)):
    raise ImproperlyConfigured(
        "SIAGA_SECRET_KEY wajib diisi (minimal 32 karakter acak) di mode produksi. "
        "Untuk pengembangan setel SIAGA_DEBUG=1."
    )
ALLOWED_HOSTS = env_list("SIAGA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("SIAGA_ALLOWED_HOSTS wajib diisi di mode produksi (mis. siaga.polres.example).")
CSRF_TRUSTED_ORIGINS = env_list("SIAGA_CSRF_TRUSTED_ORIGINS", [])

SIAGA_APPS = [
    "siaga.core",
    "siaga.regions",
    "siaga.units",
    "siaga.accounts",
    "siaga.elections",
    "siaga.stations",
    "siaga.risk",
    "siaga.personnel",
    "siaga.deployment",
    "siaga.patrols",
    "siaga.reports",
    "siaga.community",
    "siaga.siber",
    "siaga.coordination",
    "siaga.analysis",
    "siaga.command",
    "siaga.hq",  # the top layer (dashboard, demo): apps above core may import each other, never core them
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI served from Siaga's static files (no CDN, no inline script)
    "axes",
    "django_tasks_db",
    *SIAGA_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "siaga.core.querynul.QueryNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "siaga.core.middleware.LoginRequiredMiddleware",
    "siaga.core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The JSON API (field apps, gateways: the voting-day hot path) is served by a second handler with only what an API
# request needs (config/wsgi.py): no static files, locale switching, messages, htmx, page login redirect or login
# lock-out (the API authenticates by token or session itself and answers 401).
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "siaga.core.querynul.QueryNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "siaga.core.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "siaga.core.context_processors.siaga",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through SIAGA_DATABASE_URL.
_DB_URL = env_str("SIAGA_DATABASE_URL", "")
if _DB_URL:
    # conn_health_checks: a persistent connection that the server dropped (restart, failover, pg_terminate_backend)
    # is replaced before the request uses it, instead of costing that request a 500.
    DATABASES = {
        "default": dj_database_url.parse(
            _DB_URL, conn_max_age=env_int("SIAGA_DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    _SQLITE_PATH = env_str("SIAGA_SQLITE_PATH", str(VAR_DIR / "siaga.sqlite3"))
    Path(_SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)
    # FULL: an acknowledged report survives a power cut, not only a crashed process (NORMAL in WAL mode may lose
    # the last commits when the machine loses power); bench/intake.py measures what it costs.
    _SQLITE_SYNCHRONOUS = env_str("SIAGA_SQLITE_SYNCHRONOUS", "FULL").upper()
    if _SQLITE_SYNCHRONOUS not in ("NORMAL", "FULL", "EXTRA"):
        raise ImproperlyConfigured("SIAGA_SQLITE_SYNCHRONOUS harus NORMAL, FULL atau EXTRA.")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _SQLITE_PATH,
            "OPTIONS": {
                "init_command": (
                    f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SQLITE_SYNCHRONOUS}; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PostgreSQL read replicas (optional): heavy reads marked with siaga.core.replicas.use_replica() go to a replica
# that is up and not lagging; everything else, and every read of a user who wrote in the last few seconds, to the
# primary (siaga/core/dbrouter.py).
_REPLICA_URLS = env_list("SIAGA_DATABASE_REPLICA_URLS", [])
if _REPLICA_URLS and not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("SIAGA_DATABASE_REPLICA_URLS memerlukan SIAGA_DATABASE_URL ke PostgreSQL.")
for _i, _url in enumerate(_REPLICA_URLS):
    _replica = dj_database_url.parse(_url, conn_max_age=env_int("SIAGA_DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = env_int("SIAGA_REPLICA_CONNECT_TIMEOUT", 2)
    _replica["TEST"] = {"MIRROR": "default"}  # tests: the replica serves the primary's test database (streamed)
    DATABASES[f"replica_{_i}"] = _replica
SIAGA_REPLICA_MAX_LAG_SECONDS = env_int("SIAGA_REPLICA_MAX_LAG_SECONDS", 10)
SIAGA_REPLICA_STICKY_SECONDS = env_int("SIAGA_REPLICA_STICKY_SECONDS", 30)
SIAGA_REPLICA_CHECK_SECONDS = env_int("SIAGA_REPLICA_CHECK_SECONDS", 3)  # a replica's state remembered (per process)
if _REPLICA_URLS:
    DATABASE_ROUTERS = ["siaga.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE += ["siaga.core.replicas.ReplicaStickyMiddleware"]
    API_MIDDLEWARE += ["siaga.core.replicas.ReplicaStickyMiddleware"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/masuk/"
LOGIN_REDIRECT_URL = "hq:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("SIAGA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SIAGA_LOGIN_COOLOFF_MINUTES", 15) / 60
# Lock-out by account and, separately, by client address. A successful login forgets only that account's own
# failures from that address (siaga/accounts/lockout.py), never other accounts' failures from the same address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = False
AXES_HANDLER = "siaga.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "siaga.core.clientip.client_ip"
# The client address behind the TLS proxy (siaga/core/clientip.py): read from this header only when it is set,
# taking the entry SIAGA_TRUSTED_PROXY_COUNT hops from the right (the one the trusted proxy appended).
SIAGA_TRUSTED_PROXY_HEADER = env_str("SIAGA_TRUSTED_PROXY_HEADER", "")
SIAGA_TRUSTED_PROXY_COUNT = env_int("SIAGA_TRUSTED_PROXY_COUNT", 1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SIAGA_SESSION_HOURS", 12) * 3600
SECURE_COOKIES = env_bool("SIAGA_SECURE_COOKIES", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Served over HTTPS (production's default, SIAGA_SECURE_COOKIES): plain HTTP is redirected and browsers are told to
# use HTTPS only for a year. Each can be turned off alone (SIAGA_SSL_REDIRECT=0, SIAGA_HSTS_SECONDS=0).
SECURE_SSL_REDIRECT = env_bool("SIAGA_SSL_REDIRECT", SECURE_COOKIES)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the host's own health check speaks plain HTTP to gunicorn
SECURE_HSTS_SECONDS = env_int("SIAGA_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_COOKIES else 0)
if SECURE_COOKIES or SECURE_SSL_REDIRECT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _tile_origin(url: str) -> list[str]:
    """The external tile server's origin for img-src ('{s}' subdomains become a wildcard)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (Django's own middleware): scripts and style elements only from Siaga itself or carrying
# the per-response nonce; style attributes stay allowed (layout widths, Leaflet markers), they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-elem": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *_tile_origin(env_str("SIAGA_TILE_URL", ""))],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "id"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = env_str("SIAGA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("SIAGA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SIAGA_UPLOAD_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Uploads staged for their import job (outside MEDIA_ROOT). Several web and worker machines need both on shared
# storage (NFS or similar): SIAGA_MEDIA_ROOT and SIAGA_IMPORT_STAGING_DIR.
SIAGA_IMPORT_STAGING_DIR = env_str("SIAGA_IMPORT_STAGING_DIR", str(VAR_DIR / "import-staging"))

# Background work: Django's tasks framework with a database-backed queue (django-tasks-db) by default. With Redis
# (SIAGA_REDIS_URL) jobs go to RQ through django-tasks-rq (siaga/core/tasks_rq.py) and `siaga worker` runs an RQ
# worker on any number of machines; the database queue stays as the fallback when SIAGA_TASKS_FALLBACK=db.
SIAGA_REDIS_URL = env_str("SIAGA_REDIS_URL", "")
_TASKS_BACKEND = env_str("SIAGA_TASKS_BACKEND", "rq" if SIAGA_REDIS_URL else "django_tasks_db.DatabaseBackend")
SIAGA_TASKS_FALLBACK = env_str("SIAGA_TASKS_FALLBACK", "").strip().lower()
if SIAGA_TASKS_FALLBACK not in ("", "db"):
    raise ImproperlyConfigured("SIAGA_TASKS_FALLBACK hanya boleh kosong atau 'db'.")
SIAGA_TASKS_RETRIES = env_int("SIAGA_TASKS_RETRIES", 3)  # RQ: runs of a job whose worker died (or that raised)
SIAGA_TASKS_REQUEUE_AFTER = env_int("SIAGA_TASKS_REQUEUE_AFTER", 300)  # RQ: a queued job Redis lost, queued again
if _TASKS_BACKEND in ("rq", "siaga.core.tasks_rq.RQBackend"):
    if not SIAGA_REDIS_URL:
        raise ImproperlyConfigured("SIAGA_TASKS_BACKEND=rq memerlukan SIAGA_REDIS_URL (mis. redis://127.0.0.1:6379/0).")
    INSTALLED_APPS += ["django_rq"]
    TASKS = {
        "default": {"BACKEND": "siaga.core.tasks_rq.RQBackend", "QUEUES": ["default"]},
        "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    RQ_QUEUES = {
        "default": {
            "URL": SIAGA_REDIS_URL,
            "DEFAULT_TIMEOUT": env_int("SIAGA_TASKS_TIMEOUT", 6 * 3600),
            "QUEUE_CLASS": "siaga.core.tasks_rq.SiagaQueue",
            "SOCKET_CONNECT_TIMEOUT": 2,
            "SOCKET_TIMEOUT": 30,
        }
    }
else:
    TASKS = {"default": {"BACKEND": _TASKS_BACKEND}}


def _next_redis_db(url: str) -> str:
    """The same Redis server, the next database number (a cache clear() flushes its whole database, never the
    job queue's)."""
    parts = urlsplit(url)
    db = parts.path.strip("/")
    return parts._replace(path=f"/{int(db) + 1 if db.isdigit() else 1}").geturl()


# Cache and sessions: process memory and the database by default; Redis when configured, so that any number of
# web processes on any number of machines share them (sessions also stay in the database: cached_db).
if SIAGA_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "siaga.core.cache.FailOpenRedisCache",  # Django's RedisCache, failing open
            "LOCATION": env_str("SIAGA_REDIS_CACHE_URL", "") or _next_redis_db(SIAGA_REDIS_URL),
            "KEY_PREFIX": "siaga",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    MIDDLEWARE += ["siaga.core.taskqueue.QueueUnavailableMiddleware"]

# Map tiles: none by default; the map still draws points and boundaries.
SIAGA_TILE_URL = env_str("SIAGA_TILE_URL", "")
SIAGA_TILE_ATTRIBUTION = env_str("SIAGA_TILE_ATTRIBUTION", "")
# Offline basemap: a local MBTiles file served by Siaga itself at /peta/ubin/ (used when SIAGA_TILE_URL is empty).
SIAGA_TILES_MBTILES = env_str("SIAGA_TILES_MBTILES", "")
# Optional OSRM server for road travel times in deployment planning.
SIAGA_OSRM_URL = env_str("SIAGA_OSRM_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SIAGA_LOG_LEVEL", "WARNING")},
}

# Leaflet and its marker-cluster plugin come from xstatic pip packages (no CDN, no npm build).
import xstatic.pkg.leaflet  # noqa: E402
import xstatic.pkg.leaflet_markercluster  # noqa: E402

STATICFILES_DIRS += [
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
LOGIN_URL_PATH = "/masuk/"
