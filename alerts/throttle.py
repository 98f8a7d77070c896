"""Rate limits of the sign-up form: per client address and per e-mail address, in the shared cache.

Per client: SIGNUPS_PER_CLIENT an hour, then a clear refusal (429) that says nothing about any
address. Per e-mail address: MESSAGES_PER_ADDRESS confirmation or "already subscribed" messages a
day; past that the form answers as always and sends nothing, so it cannot bomb an inbox, and the
answer still does not tell whether the address is known.
"""

from __future__ import annotations

from django.core.cache import cache

from alerts.models import address_digest

SIGNUPS_PER_CLIENT = 10
CLIENT_WINDOW = 3600
MESSAGES_PER_ADDRESS = 3
ADDRESS_WINDOW = 24 * 3600


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def client_allowed(client_address: str) -> bool:
    return _count(f"alerts:signup:client:{client_address}", CLIENT_WINDOW) <= SIGNUPS_PER_CLIENT


def address_allowed(email: str) -> bool:
    return _count(f"alerts:signup:address:{address_digest(email)}", ADDRESS_WINDOW) <= MESSAGES_PER_ADDRESS
