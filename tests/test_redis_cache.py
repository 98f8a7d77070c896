"""ir_site.redis_cache: Django's Redis backend with long-lived clients (one per pool; reads on their own connection)."""

import os

import pytest
import redis

from ir_site.redis_cache import RedisCache

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI's PostgreSQL pass sets it)"
)


def test_one_writer_client_per_pool_not_per_call():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)


@needs_redis
def test_one_reader_per_server_on_its_own_connection():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "ir-test-redis-cache"})
    reader = cache._cache.get_client()
    assert reader is cache._cache.get_client()
    assert reader.connection is not None  # holds its connection: no pool checkout (and poll) per read
    cache.set("k", 1, 30)
    for _ in range(3):
        assert cache.get("k") == 1
    assert reader.connection is cache._cache.get_client().connection


@needs_redis
def test_reads_spread_over_replicas_each_with_its_own_client():
    url = os.environ["REDIS_URL"]
    cache = RedisCache(f"{url},{url}", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert writer is not reader
    assert writer.connection_pool is cache._cache._pools[0]
    assert reader.connection_pool is cache._cache._pools[1]


@needs_redis
def test_a_read_after_redis_closed_the_connection_reconnects():
    """A restart or an idle timeout closes the reader's connection: the next read still answers."""
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "ir-test-redis-cache"})
    cache.set("k", {"v": 1}, 30)
    reader = cache._cache.get_client()
    assert cache.get("k") == {"v": 1}
    killed = redis.Redis.from_url(os.environ["REDIS_URL"]).client_kill_filter(_id=reader.client_id())
    assert killed == 1
    assert cache.get("k") == {"v": 1}


@needs_redis
def test_works_against_real_redis():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "ir-test-redis-cache"})
    cache.set("k", {"v": 1}, 30)
    assert cache.get_many(["k", "missing"]) == {"k": {"v": 1}}
    assert cache.has_key("k")
    cache.delete("k")
    assert cache.get("k") is None
    assert cache.add("n", 1)
    assert cache.incr("n") == 2
    cache.delete("n")
