"""Settings shared by every environment.

Secrets and deployment facts come from the environment only (see production.py);
the defaults here are the embedded ones `make serve` uses: SQLite, local files,
in-process cache and tasks.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

from ir_site.login_throttle import client_address_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # First: the company and its site (home page, company profile, market time), which every app uses.
    "company",
    "releases",
    "governance",
    "events",
    "filings",
    "conduct",
    # Below disclosure: two-factor sign-in; the Disclosure Policy says who needs it through a hook.
    "accounts",
    "disclosure",
    "alerts",
    # Above the Disclosure Policy: the insider lists, kept from what happens to each release.
    "insiders",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "disclosure.users_app.DisclosureUsersAppConfig",  # wagtail.users, committee-safe user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Last: the demo builder sits on top of every other app (it imports them; nothing imports it).
    "demo",
]

MIDDLEWARE = [
    # First: anonymous GETs of public pages and feeds from the shared cache, with the headers
    # every middleware below gave them when they were rendered; every publish empties it
    # (releases/response_cache.py). Plain-http requests are never stored (they are redirected).
    "releases.response_cache.ResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself (hashed names, far-future caching): nothing else to run.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the messages: answers each Disclosure Policy decision of the request (disclosure.decisions).
    "disclosure.decisions.DecisionMessagesMiddleware",
    # Records a preview or revision view of an unpublished release on its insider list.
    "insiders.recording.InsiderAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "company.middleware.MarketTimeZoneMiddleware",
    "releases.middleware.PublicCacheHeadersMiddleware",
    "ir_site.csp.SitePolicyMiddleware",
    # Last: throttles failed logins (django-axes) for the admin's login form.
    "axes.middleware.AxesMiddleware",
]

# Two-factor authentication (TOTP, accounts/two_factor.py) for superusers and everyone who can
# approve releases or keep the Disclosure Policy (disclosure/wagtail_hooks/second_factor.py says
# who). On unless IR_REQUIRE_2FA=0; the demo turns it off in dev.py.
IR_REQUIRE_2FA = os.environ.get("IR_REQUIRE_2FA", "1") != "0"
OTP_TOTP_ISSUER = "IR Newsroom"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes, ir_site/login_throttle.py): 5 failures for one username from
# one client address pause that pair for 15 minutes (HTTP 429 with a page saying so). Only the
# pair: a flood of wrong passwords for a username from many addresses never locks its owner out
# at their own address. The pause runs from the failure that set it off and tries during it do
# not prolong it, so it always ends; `manage.py axes_reset_username USERNAME` lifts it at once.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ir_site.login_throttle.lockout_response"
# The client's address behind AXES_PROXY_COUNT reverse proxies (0: none, REMOTE_ADDR is the
# client) that each append to AXES_PROXY_HEADER (X-Forwarded-For): read by django-ipware.
_CLIENT_ADDRESS = client_address_settings(
    int(os.environ.get("AXES_PROXY_COUNT", "0")), os.environ.get("AXES_PROXY_HEADER", "X-Forwarded-For")
)
AXES_IPWARE_PROXY_COUNT = _CLIENT_ADDRESS["AXES_IPWARE_PROXY_COUNT"]
AXES_IPWARE_PROXY_ORDER = _CLIENT_ADDRESS["AXES_IPWARE_PROXY_ORDER"]
AXES_IPWARE_META_PRECEDENCE_ORDER = _CLIENT_ADDRESS["AXES_IPWARE_META_PRECEDENCE_ORDER"]
IPWARE_STRICT = _CLIENT_ADDRESS["IPWARE_STRICT"]

# Content Security Policy (django-csp). Public pages run no script of their own and load
# nothing from elsewhere; the admin (Wagtail's own pages) needs inline styles and scripts.
# ir_site.csp picks the policy by path.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
IR_ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# No page may be framed, except the admin's own (its live preview frames the preview view):
# ir_site.csp sets SAMEORIGIN on /admin/ responses.
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "ir_site.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "ir_site.wsgi.application"

# DATABASE_URL selects the database (postgres://... in production); the embedded
# default is a SQLite file beside manage.py.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the embargo publisher write to one SQLite file: WAL lets readers go
    # on during a write, IMMEDIATE transactions take the write lock up front (so two writers
    # queue instead of failing on a lock upgrade) and the timeout is how long one waits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A web request's queries are short: starting PostgreSQL's parallel workers (~10 ms) costs
    # more than they save, and the planner reaches for them on the search walk it misjudges.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c max_parallel_workers_per_gather=0")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Stored in UTC; shown in the company's market time zone (the company profile's
# setting, activated per request by company.middleware). This is the fallback.
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# Editors see one clock: the market's. Wagtail's per-user time zone preference is off.
WAGTAIL_USER_TIME_ZONES = ["America/New_York"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background work (Wagtail's search and reference index updates, frontend-cache purges, file
# deletion) goes to the database queue that `manage.py db_worker` runs (django-tasks-db).
# IR_TASKS=immediate runs it inline instead (the tests do).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("IR_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "IR Newsroom"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# Frontend cache (CDN / Varnish / nginx proxy cache): Wagtail purges a page's own URLs on publish
# and unpublish; releases/signals.py adds the newsroom, the home page, the sitemap and every
# feed. FRONTEND_CACHE_PURGE_URL names an HTTP purge endpoint (PURGE requests); unset, nothing
# is purged (and nothing needs to be).
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
# Our own shared cache of whole anonymous responses (releases/response_cache.py); 0 turns it off.
# Every publish empties it at once, so this only bounds how long an unchanged page is kept.
IR_RESPONSE_CACHE_SECONDS = int(os.environ.get("IR_RESPONSE_CACHE_SECONDS", "300"))
# The embargo publisher opens a release's publishing transaction this long before its release
# time, renders the busiest pages inside it, and commits at the time (disclosure/embargo.py,
# publish_staged): public at the instant, not after it. 0: publish at the time.
IR_EMBARGO_LEAD_SECONDS = float(os.environ.get("IR_EMBARGO_LEAD_SECONDS", "2.0"))
# Downstream caches may keep an anonymous public page this long (releases.middleware).
# Browsers revalidate every time (max-age=0; the ETag / Last-Modified answer is a 304): a browser
# cannot be purged, and a newsroom kept for a minute would show a release up to a minute after
# every other investor saw it. CDNs keep pages for IR_SHARED_MAX_AGE and are purged on publish.
IR_PUBLIC_MAX_AGE = 0  # browsers
IR_SHARED_MAX_AGE = int(os.environ.get("IR_SHARED_MAX_AGE", "300"))  # CDNs, purged on every publish
# Public documents and images (disclosure/files.py): browsers may keep one this long, CDNs for
# IR_SHARED_MAX_AGE. A withdrawal purges the CDN; a browser cannot be purged, so this is how long
# a reader who already opened a withdrawn file may still see it. Embargoed files are never cached.
IR_PUBLIC_FILE_MAX_AGE = int(os.environ.get("IR_PUBLIC_FILE_MAX_AGE", "60"))

# Full-text search: PostgreSQL full-text search on PostgreSQL, SQLite FTS on SQLite.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Documents go through Django (never a direct media URL), so that collection
# privacy and the embargo can be enforced on every download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# ...its content must match its extension (ir_site/uploads.py), and neither a document nor an image
# that a release in the workflow, scheduled or live shows can be changed (disclosure/file_lock.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "disclosure.file_lock.LockedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "disclosure.file_lock.LockedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixels, not bytes, are what an image costs to resize: a PNG of a few KB can declare 121
# megapixels (about 360 MB decoded as RGB, seconds of CPU per rendition). 50 megapixels takes
# the largest originals a press photo comes from (45-megapixel full-frame cameras) and stays
# under Pillow's own decompression-bomb warning (89 MP); larger images are refused at upload
# with the reason (ir_site/uploads.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000

# No Gravatar: avatars would be fetched from a third party (and are broken images offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# An edit after an approval needs approval again (Disclosure Policy).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No autosave: Wagtail 7.4 saves a revision every half second the editor's form looks changed,
# in the name of whoever has it open, and a workflow action's hidden inputs make it look
# changed. During review or sign-off every revision voids the approvals given and stops the
# sign-off confirmed for the revision before it (disclosure.models.confirmation_problem), so a
# reviewer or spokesperson would void their own decision. Saving stays a deliberate act.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# No side door (Disclosure Policy): a release goes live only through a completed approval
# chain. Nobody, superusers included, is offered Publish on a release or create-and-publish
# in the newsroom; withdrawing or cancelling a schedule is a spokesperson's decision with a
# reason (disclosure/withdraw.py). releases/ only offers the plug point.
IR_RELEASE_PERMISSION_TESTER = "disclosure.permissions.ReleasePermissionTester"
IR_NEWSROOM_PERMISSION_TESTER = "disclosure.permissions.NewsroomPermissionTester"
# Events and governance documents (company.disclosed) and the indexes they are created under.
IR_DISCLOSED_PAGE_PERMISSION_TESTER = "disclosure.permissions.DisclosedPagePermissionTester"
IR_DISCLOSED_INDEX_PERMISSION_TESTER = "disclosure.permissions.DisclosedIndexPermissionTester"
# The final approval publishes the approved revision itself (or schedules it). Read once when
# wagtail.models is imported, so it belongs here, not in override_settings; it names a
# one-function shim that imports nothing until called (disclosure.guard imports models).
WAGTAIL_FINISH_WORKFLOW_ACTION = "disclosure.finish_workflow.publish_approved"
# Release times the listing venue's rules refuse (material news between 4:00 and 4:05 p.m. ET).
IR_RELEASE_TIME_CHECKS = ["disclosure.exchange.check_release_time"]
# Other apps' public items in the all-releases RSS and Atom feeds (releases/feeds.py): the Code
# waiver disclosures, newest first among the releases.
IR_EXTRA_FEED_ITEMS = ["conduct.feeds.newsroom_feed_items"]
# Drafts the public events calendar's entry for a quiet period of the committee's calendar
# (conduct.quiet_periods.draft_calendar_entry); empty: quiet periods stay off the public site.
IR_QUIET_PERIOD_CALENDAR_DRAFTER = "events.drafts.draft_quiet_period"
# Redirects (Settings → Redirects) lead to this site's pages; outside hosts only these (disclosure/redirects.py).
IR_REDIRECT_ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("IR_REDIRECT_ALLOWED_HOSTS", "www.sec.gov").split(",") if host.strip()
]

# Engine for HTML from outside the rich-text editor (ir_site.sanitize): "bleach" or "nh3".
IR_SANITIZER_ENGINE = os.environ.get("IR_SANITIZER_ENGINE", "bleach")

WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"]},
    }
}

# One cache for every process: the web server and the embargo publisher (which moves the
# feeds generation when it publishes) must see the same keys. Production sets REDIS_URL;
# the embedded default is a directory of files, still nothing to install.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "ir_site.redis_cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("IR_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }

# E-mail: EMAIL_HOST (and EMAIL_PORT) in the environment switch any settings to SMTP, `make serve`
# included; production adds EMAIL_HOST_USER / EMAIL_HOST_PASSWORD and TLS (EMAIL_USE_TLS=1, the
# default when a user is set). Without it, messages are written one file each under var/outbox/
# (ir_site/mail.py), where the admin's E-mail alerts → Outbox shows them.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1" if EMAIL_HOST_USER else "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "ir_site.mail.OutboxBackend"
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "var" / "outbox"))
# E-mail alerts (alerts/sending.py): deliveries per claimed batch, and how long a claim holds
# before another worker may take the batch over (a worker killed mid-batch).
ALERTS_BATCH_SIZE = int(os.environ.get("ALERTS_BATCH_SIZE", "100"))
ALERTS_CLAIM_TIMEOUT = float(os.environ.get("ALERTS_CLAIM_TIMEOUT", "60"))
# SMTP connections a worker sends one alert over side by side (threads; the tests use one).
ALERTS_SMTP_CONNECTIONS = int(os.environ.get("ALERTS_SMTP_CONNECTIONS", "4"))

# SEC filings (filings/conf.py). The CIK is the issuer's: it belongs in the company profile later.
EDGAR_CIK = os.environ.get("EDGAR_CIK", "0001537435")  # Tecogen Inc.
EDGAR_FEED_URL = os.environ.get("EDGAR_FEED_URL", "")  # empty: EDGAR's company feed for EDGAR_CIK
EDGAR_CONTACT_EMAIL = os.environ.get("EDGAR_CONTACT_EMAIL", "")  # the SEC requires it in the User-Agent
# Off unless set: make serve, the demo and the tests never fetch anything.
EDGAR_IMPORT_ENABLED = os.environ.get("EDGAR_IMPORT_ENABLED", "0") == "1"
EDGAR_IMPORT_SECONDS = int(os.environ.get("EDGAR_IMPORT_SECONDS", "3600"))
# WhiteNoise serves unknown extensions as application/octet-stream; browsers want an XML type for XSL.
WHITENOISE_MIMETYPES = {".xsl": "application/xslt+xml"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "releases": {"handlers": ["console"], "level": "INFO"},
        "disclosure": {"handlers": ["console"], "level": "INFO"},
        "disclosure.embargo": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
