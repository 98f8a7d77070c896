"""pytest settings: fast hashing, local memory cache, inline tasks.

DATABASE_URL (set by .ci/run for the PostgreSQL pass) selects the database;
otherwise SQLite.
"""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Background tasks inline (the worker has its own test); login throttling off except in its own test
# (the test client's login() gives axes no request to count).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = False
WHITENOISE_AUTOREFRESH = True  # no STATIC_ROOT to scan in tests
# Off except in its own tests (tests/accounts/test_two_factor.py).
IR_REQUIRE_2FA = False
# The whole-response cache is off except in its own tests (tests/releases/test_response_cache.py),
# so that a test that changes rows behind Wagtail's back sees the change.
IR_RESPONSE_CACHE_SECONDS = 0
# One lane: the test's own transaction is invisible to other threads' database connections.
ALERTS_SMTP_CONNECTIONS = 1
# A test's transaction never commits: the content generation also moves at once (releases/signals.py).
IR_BUMP_BEFORE_COMMIT = True
# The publisher publishes at the release time, not staged ahead, except in the tests of the
# stage (tests/disclosure/test_embargo_stage.py): a test calling run_once() a second before a
# release time means "not yet".
IR_EMBARGO_LEAD_SECONDS = 0
