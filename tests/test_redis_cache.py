"""ir_site.redis_cache: Django's Redis backend with one client per connection pool."""

import os

import pytest

from ir_site.redis_cache import RedisCache


def test_one_client_per_pool_not_per_call():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client()  # one server: one pool


def test_reads_spread_over_replicas_each_with_its_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6379/14", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader
    assert writer.connection_pool is cache._cache._pools[0]
    assert reader.connection_pool is cache._cache._pools[1]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI's PostgreSQL pass sets it)")
def test_works_against_real_redis():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "ir-test-redis-cache"})
    cache.set("k", {"v": 1}, 30)
    assert cache.get_many(["k", "missing"]) == {"k": {"v": 1}}
    cache.delete("k")
    assert cache.get("k") is None
