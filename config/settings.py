"""Settings come from the environment. Without DEBUG=1 or GONGFANG_DEMO=1 nothing insecure is assumed:
a SECRET_KEY must be given, DEBUG is off and hosts must be listed."""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGFANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The demo and the test suite run on a machine of their own with throwaway data; only they may fall
# back to a built-in key.
INSECURE_DEFAULTS = env_bool("GONGFANG_DEMO") or env_bool("GONGFANG_TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or INSECURE_DEFAULTS):
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=1 for local development).")
    SECRET_KEY = "gongfang-insecure-local-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or INSECURE_DEFAULTS) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin_site.GongfangAdminConfig",  # django.contrib.admin, with its own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # trigram lookups for the search; unused on SQLite
    "graphene_django",
    "django_celery_beat",
    "axes",
    "accounts",
    "media",
    "artisans",
    "catalog",
    "inventory",
    "payments",
    "ledger",
    "orders",
    "carts",
    "storefront",
    "portal",
    "api",
    "ops",
    "workbench",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.limits.RequestLimitsMiddleware",
    "config.timezones.BusinessTimeZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Axes first: it refuses a client locked for too many failed sign-ins before any secret is checked
# (accounts/sign_in.py). Then passwords (the admin, tokenCreate), operators' PINs (the tablet) and
# artisans' PINs and login links (the portal at /me/).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "carts.backends.OperatorPinBackend",
    "artisans.backends.ArtisanPinBackend",
    "artisans.backends.ArtisanLoginLinkBackend",
]
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongfang.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it: after a database restart a web worker
        # opens a new one instead of failing its next request (tests/faults).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is only the embedded first-run default, but a demo with a colleague is concurrent: writers
    # must queue, not fail. A transaction takes the write lock when it begins (IMMEDIATE), waiting up
    # to `timeout` seconds for it; one begun as a reader that later writes could not wait and failed at
    # once with "database is locked". WAL lets pages read while a transaction writes; synchronous=NORMAL
    # is what WAL needs to stay safe (a power cut may lose the last commits, never corrupt the file).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DATABASE_SERVER_SIDE_BINDING", True):
    # Parameters bound by PostgreSQL instead of quoted into the SQL by psycopg: a statement run often
    # is then prepared once per connection (psycopg's prepare_threshold), sparing both sides its
    # parsing and planning (bench/README.md). Off (0) behind a pooler in transaction mode.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True}

AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
# The carts and the programme live in Qinghai: "a day" in reports means a day in this zone, and every
# page shows and reads times in it (config/timezones.py); storage, logs and Celery stay in UTC.
BUSINESS_TIME_ZONE = os.environ.get("BUSINESS_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or INSECURE_DEFAULTS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG or INSECURE_DEFAULTS)

# Uploads: what an image may be before Pillow is asked to decode it.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
THUMBNAIL_SIZES = (160, 480)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024

# Celery: with no broker configured, tasks run in-process (the embedded demo default).
REDIS_URL = os.environ.get("REDIS_URL", "")
# One cache shared by every web worker (login lockouts, cached catalogue answers) when CACHE_URL
# names a Redis; otherwise each process keeps its own in memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    # Redis down is a cache miss, not a 500 (core/cache.py); short timeouts so an unreachable host
    # slows a page by a fraction of a second, not by the kernel's connect timeout.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Stripe (used from the payments issue on): a secret key set means real Stripe, otherwise localstripe.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# A localstripe (the fake Stripe) may take payments only in DEBUG, the demo and the tests; in
# production without a real key online payment is unavailable and `check --deploy` warns.
LOCALSTRIPE_ALLOWED = DEBUG or INSECURE_DEFAULTS
# WeChat Pay and Alipay only where the Stripe account offers them (accounts outside mainland China).
STRIPE_PAYMENT_METHOD_TYPES = env_list("STRIPE_PAYMENT_METHOD_TYPES", "card")

# Text messages (core/notifications.py): "console" logs them (the demo, the tests); "aliyun" sends them
# through Alibaba Cloud SMS with the sign name and, per message, the template code it approved
# (SMS_TEMPLATES, JSON: {"order_paid": "SMS_...", "order_shipped": ..., "order_picked_up": ...,
# "artisan_sale": ..., "payout_sent": ...}).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_ENDPOINT = os.environ.get("SMS_ALIYUN_ENDPOINT", "")
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
SMS_TEMPLATES = json.loads(os.environ.get("SMS_TEMPLATES", "{}"))
# WeChat Pay (API v3, payments/providers/wechat_pay.py): offered only when every setting below but the
# optional ones is set (docs/payments.md). Keys come from the environment or files outside the
# repository; none is ever logged.
WECHATPAY_MCHID = os.environ.get("WECHATPAY_MCHID", "")
WECHATPAY_APPID = os.environ.get("WECHATPAY_APPID", "")  # the appid bound to the merchant (H5, Native)
WECHATPAY_MERCHANT_SERIAL = os.environ.get("WECHATPAY_MERCHANT_SERIAL", "")  # the API certificate's serial
WECHATPAY_PRIVATE_KEY_PATH = os.environ.get("WECHATPAY_PRIVATE_KEY_PATH", "")  # apiclient_key.pem
WECHATPAY_APIV3_KEY = os.environ.get("WECHATPAY_APIV3_KEY", "")
WECHATPAY_NOTIFY_URL = os.environ.get("WECHATPAY_NOTIFY_URL", "")  # https://…/payments/wechat-pay/notify/
# Optional: the official account's appid (JSAPI inside WeChat), a folder of platform certificates
# (else downloaded from /v3/certificates at start), an HTTPS proxy for the API, the fee in basis points.
WECHATPAY_JSAPI_APPID = os.environ.get("WECHATPAY_JSAPI_APPID", "")
# The official account's AppSecret: with WECHATPAY_JSAPI_APPID, a tourist inside WeChat is sent through
# its web authorization (snsapi_base) for her openid and pays by JSAPI; without it, by the QR code.
WECHAT_OA_SECRET = os.environ.get("WECHAT_OA_SECRET", "")
WECHAT_OAUTH_AUTHORIZE_URL = os.environ.get(
    "WECHAT_OAUTH_AUTHORIZE_URL", "https://open.weixin.qq.com/connect/oauth2/authorize"
)
WECHATPAY_PLATFORM_CERT_DIR = os.environ.get("WECHATPAY_PLATFORM_CERT_DIR", "")
WECHATPAY_PROXY = os.environ.get("WECHATPAY_PROXY", "")
WECHATPAY_FEE_BP = int(os.environ.get("WECHATPAY_FEE_BP", "60"))
# Alipay (payments/providers/alipay.py): offered only when the app id, both key files and the notify URL
# are set. ALIPAY_GATEWAY is where the browser is sent for page.pay / wap.pay (the demo's fake);
# server calls go to Alipay's own gateway through python-alipay-sdk.
ALIPAY_APPID = os.environ.get("ALIPAY_APPID", "")
ALIPAY_PRIVATE_KEY_PATH = os.environ.get("ALIPAY_PRIVATE_KEY_PATH", "")  # our app's RSA2 private key
ALIPAY_PUBLIC_KEY_PATH = os.environ.get("ALIPAY_PUBLIC_KEY_PATH", "")  # Alipay's public key
ALIPAY_NOTIFY_URL = os.environ.get("ALIPAY_NOTIFY_URL", "")  # https://…/payments/alipay/notify/
ALIPAY_RETURN_URL = os.environ.get("ALIPAY_RETURN_URL", "")  # https://…/checkout/return/
ALIPAY_GATEWAY = os.environ.get("ALIPAY_GATEWAY", "https://openapi.alipay.com/gateway.do")
ALIPAY_FEE_BP = int(os.environ.get("ALIPAY_FEE_BP", "60"))
# The demo's page standing in for the tourist's phone wallet (the fake's /wallet/), never in production.
WECHATPAY_WALLET_STANDIN_URL = os.environ.get("WECHATPAY_WALLET_STANDIN_URL", "") if INSECURE_DEFAULTS else ""

# Ledger: returns are accepted for LEDGER_HOLDING_DAYS before a sale's share can be paid out; a payout
# run pays each artisan whose available balance reaches the minimum; a run whose total is above the
# approval threshold (default ¥50,000) waits for a second staff member's approval.
LEDGER_HOLDING_DAYS = int(os.environ.get("LEDGER_HOLDING_DAYS", "7"))
LEDGER_PAYOUT_MINIMUM_FEN = int(os.environ.get("LEDGER_PAYOUT_MINIMUM_FEN", "10000"))
LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = int(os.environ.get("LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN", "5000000"))
LEDGER_FEES_BORNE_BY = os.environ.get("LEDGER_FEES_BORNE_BY", "programme")

# The staff's front page (docs/workbench.md): a cart is low on a piece it sold in the last four weeks
# and holds at most this many of (0: sold out there) while the base has some to send.
WORKBENCH_LOW_STOCK_PIECES = int(os.environ.get("WORKBENCH_LOW_STOCK_PIECES", "0"))

# Restocking (docs/restock.md): the days of its own sales a cart should hold when staff set none, and
# how busy each month is against an ordinary one (the lakes are busy in July and August).
RESTOCK_COVER_DAYS = int(os.environ.get("RESTOCK_COVER_DAYS", "7"))
RESTOCK_SEASON_FACTORS = {7: 2, 8: 2}

# Online checkout: a checkout waiting for its payment holds its pieces this long (Celery beat
# releases them after).
CHECKOUT_RESERVATION_MINUTES = int(os.environ.get("CHECKOUT_RESERVATION_MINUTES", "15"))
# Against hoarding (orders/services/checkout_holds.py): that period counts from a checkout's first hold
# and is never extended; a checkout has at most CHECKOUT_PIECES_MAX pieces; one client (IP address and
# user agent) may start holds for at most CHECKOUT_HOLDS_PER_CLIENT unpaid checkouts in
# CHECKOUT_HOLDS_WINDOW_MINUTES.
CHECKOUT_PIECES_MAX = int(os.environ.get("CHECKOUT_PIECES_MAX", "20"))
CHECKOUT_HOLDS_PER_CLIENT = int(os.environ.get("CHECKOUT_HOLDS_PER_CLIENT", "3"))
CHECKOUT_HOLDS_WINDOW_MINUTES = int(os.environ.get("CHECKOUT_HOLDS_WINDOW_MINUTES", "60"))
# Absolute links in emails (the order status page): the site's public address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "工坊 Gongfang <shop@gongfang.example>")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

GRAPHENE = {
    "SCHEMA": "api.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "RELAY_CONNECTION_ENFORCE_FIRST_OR_LAST": False,
}
# Bounds on the work of one request (docs/limits.md). The document's depth and estimated cost, with
# introspection (whose type references nest deeper) counted too:
GRAPHQL_MAX_DEPTH = int(os.environ.get("GRAPHQL_MAX_DEPTH", "10"))
GRAPHQL_MAX_INTROSPECTION_DEPTH = int(os.environ.get("GRAPHQL_MAX_INTROSPECTION_DEPTH", "20"))
GRAPHQL_MAX_COST = int(os.environ.get("GRAPHQL_MAX_COST", "50000"))
# ... its text (graphql-core's parser stops at these) and aliases:
GRAPHQL_MAX_QUERY_LENGTH = int(os.environ.get("GRAPHQL_MAX_QUERY_LENGTH", "20000"))
GRAPHQL_MAX_TOKENS = int(os.environ.get("GRAPHQL_MAX_TOKENS", "2000"))
GRAPHQL_MAX_COMMENTS = int(os.environ.get("GRAPHQL_MAX_COMMENTS", "100"))
GRAPHQL_MAX_ALIASES = int(os.environ.get("GRAPHQL_MAX_ALIASES", "30"))
# ... the request body (a tablet's batch of 200 sales is ~100 KB and nests 7 levels):
GRAPHQL_MAX_BODY_BYTES = int(os.environ.get("GRAPHQL_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
GRAPHQL_MAX_JSON_DEPTH = int(os.environ.get("GRAPHQL_MAX_JSON_DEPTH", "16"))
# ... and who may ask for the schema (__schema, __type): signed-in callers, everyone with DEBUG.
GRAPHQL_PUBLIC_INTROSPECTION = env_bool("GRAPHQL_PUBLIC_INTROSPECTION", DEBUG)
# Each SQL statement of a web request on PostgreSQL (core/timeouts.py); 0 turns it off.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "10000"))
API_TOKEN_MAX_AGE_SECONDS = int(os.environ.get("API_TOKEN_MAX_AGE_SECONDS", str(7 * 24 * 3600)))

# Who the client is (core/clients.py): REMOTE_ADDR, unless the site's own proxy sets a header naming
# the address it saw: CLIENT_IP_HEADER (e.g. X-Forwarded-For or X-Real-IP), read only, and of a list
# only the entry CLIENT_IP_PROXY_COUNT places from the right (the one the outermost proxy added).
# `check --deploy` asks for it to be said (REMOTE_ADDR when no proxy is in front).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
CLIENT_IP_PROXY_COUNT = max(int(os.environ.get("CLIENT_IP_PROXY_COUNT", "1")), 1)

# Sign-in throttling (django-axes, accounts/sign_in.py): a client (IP address and user agent) is
# refused for SIGN_IN_LOCKOUT_MINUTES once its failed sign-ins in that time reach the limit of the
# kind it tries; one IP address across all its user agents at SIGN_IN_ADDRESS_FACTOR times that.
SIGN_IN_LOCKOUT_MINUTES = int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "15"))
# The storefront's order lookup (phone + order number): an address that misses this many times in
# the window is told to wait, so order numbers cannot be walked against a phone.
ORDER_LOOKUP_MISS_LIMIT = int(os.environ.get("ORDER_LOOKUP_MISS_LIMIT", "10"))
ORDER_LOOKUP_WINDOW_SECONDS = int(os.environ.get("ORDER_LOOKUP_WINDOW_SECONDS", "900"))
# "Tell me when it is back": at most this many requests from one address within the window.
BACK_IN_STOCK_LIMIT = int(os.environ.get("BACK_IN_STOCK_LIMIT", "10"))
BACK_IN_STOCK_WINDOW_SECONDS = int(os.environ.get("BACK_IN_STOCK_WINDOW_SECONDS", "900"))
# At most this many pieces one phone or email waits for at once (a stranger may type anyone's).
BACK_IN_STOCK_PER_CONTACT = int(os.environ.get("BACK_IN_STOCK_PER_CONTACT", "20"))
SIGN_IN_FAILURE_LIMITS = {
    "password": int(os.environ.get("SIGN_IN_PASSWORD_FAILURES", "10")),
    "operator_pin": int(os.environ.get("SIGN_IN_OPERATOR_PIN_FAILURES", "10")),
    "artisan_pin": int(os.environ.get("SIGN_IN_ARTISAN_PIN_FAILURES", "5")),
}
SIGN_IN_ADDRESS_FACTOR = int(os.environ.get("SIGN_IN_ADDRESS_FACTOR", "5"))
AXES_HANDLER = "accounts.sign_in.SignInAttempts"
AXES_LOCKOUT_PARAMETERS = [["ip_address", "user_agent"], "ip_address"]
AXES_FAILURE_LIMIT = "accounts.sign_in.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=SIGN_IN_LOCKOUT_MINUTES)
# A success does not wipe the client's count (a guesser with an account of her own could otherwise
# sign in between guesses), and tries while locked are refused without moving the time it ends.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_USERNAME_CALLABLE = "accounts.sign_in.attempted_account"
AXES_LOCKOUT_CALLABLE = "accounts.sign_in.lockout_response"
# Never stored with an attempt: secrets, and a GraphQL document or its variables (which hold them).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "pin", "phone", "query", "variables"]
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not INSECURE_DEFAULTS)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Behind the proxy that terminates TLS (SECURE_PROXY_SSL_HEADER), plain-HTTP requests are sent to
    # HTTPS; the container health check calls /healthz/ over plain HTTP inside the network.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not INSECURE_DEFAULTS)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if INSECURE_DEFAULTS else "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # urllib3's debug log would hold the official account's secret (the access_token request's query);
    # httpx's info log names every WeChat Pay call's URL (a bill's download token among them).
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "urllib3": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
