"""Django's Redis cache backend, with one long-lived redis-py client per server instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` object for every cache operation (about
0.13 ms with redis-py 8), and each command then takes a connection from the pool, polls it for
unread data and gives it back (another 0.05 ms): more than the round trip to Redis itself, on
every request the whole-response cache answers (releases/response_cache.py reads the publish
generation on every request). So:

- writes use one client per pool, kept (a client is a thin handle on its pool);
- reads use one client per server that holds its own connection (`single_connection_client`),
  opened at the first read. A read is idempotent, so a connection Redis closed meanwhile
  (a restart, an idle timeout) is reconnected and the read sent once more, which is what the
  pool's poll did for pooled connections. Its lock makes it safe to share between threads
  (Django gives each thread its own cache backend anyway).

Everything else (pools, serialisation, timeouts, key handling, replicas) is Django's.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

READ_RETRIES = 1  # after a connection error: reconnect and send the read once more


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writers: dict[int, object] = {}
        self._readers: dict[int, object] = {}

    def _pool(self, index: int):
        if index not in self._pools:  # as Django's _get_connection_pool, for this index
            self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return self._pools[index]

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if write:
            client = self._writers.get(index)
            if client is None:
                client = self._writers[index] = self._client(connection_pool=self._pool(index))
            return client
        client = self._readers.get(index)
        if client is None:
            client = self._client(connection_pool=self._pool(index), single_connection_client=True)
            retry = self._lib.retry.Retry(
                self._lib.backoff.NoBackoff(), READ_RETRIES, supported_errors=(self._lib.ConnectionError,)
            )
            client.connection.retry = retry
            self._readers[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
