"""Helpers for the whole-response cache's tests: another request rendering a URL at the same moment."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.cache import cache

from releases.content_version import feeds_generation
from releases.response_cache import key_for, rendering_key


@contextmanager
def another_request_rendering(path: str, host: str = "http://testserver"):
    """Hold the render lock of `path` for the current generation, as a concurrent request would."""
    lock = rendering_key(key_for(host + path), feeds_generation())
    assert cache.add(lock, 1, timeout=60), "the lock was already held"
    try:
        yield
    finally:
        cache.delete(lock)
