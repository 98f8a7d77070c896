"""Login throttling counts the client's address, also behind a reverse proxy, and never shuts the real user out.

Through the admin's login form (/admin/login/) as the demo's `compliance`, with django-axes on
(the test settings turn it off elsewhere) and the proxy settings the environment would give.
"""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest
import time_machine

from ir_site.login_throttle import client_address_settings
from tests.support.demo import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PROXY = "10.0.0.2"  # the reverse proxy, as the app sees it (REMOTE_ADDR)
ATTACKERS = [f"198.51.100.{n}" for n in range(1, 11)]
REAL_USER = "203.0.113.7"


def behind_proxies(count: int):
    """The settings `AXES_PROXY_COUNT=<count>` gives, with throttling on."""
    return override_settings(AXES_ENABLED=True, **client_address_settings(count))


def attempt(client, password: str, *, address: str, forwarded_for: str | None = None, username: str = "compliance"):
    """One POST of the admin login form from `address` (or through the proxy, forwarded for it)."""
    client.logout()
    meta = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def attempt_from(client, address: str, password: str, *, proxies: int):
    """A login from the client at `address`: through the proxy, or straight to the app with a forged
    X-Forwarded-For (the client's own invention, which must not be believed)."""
    if proxies:
        return attempt(client, password, address=PROXY, forwarded_for=address)
    return attempt(client, password, address=address, forwarded_for=f"192.0.2.{sum(map(ord, password)) % 250}")


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_a_flood_from_many_addresses_does_not_lock_out_the_real_user(client, demo):
    """Ten addresses fail five times each for "compliance", straight to the app and behind a proxy:
    each of them is locked out, compliance at their own address logs in."""
    for proxies in (0, 1):
        call_command("axes_reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
        with behind_proxies(proxies):
            for address in ATTACKERS:
                for n in range(5):
                    assert not logged_in(attempt_from(client, address, f"guess {n}", proxies=proxies))
            assert attempt_from(client, ATTACKERS[0], PASSWORD, proxies=proxies).status_code == 429, proxies
            assert logged_in(attempt_from(client, REAL_USER, PASSWORD, proxies=proxies)), proxies


def test_behind_a_proxy_failures_count_against_the_forwarded_client_not_the_proxy(client, demo):
    """AXES_PROXY_COUNT=1: one attacker behind the proxy is locked out; everyone else behind it is not,
    and a forged X-Forwarded-For in front of the proxy's does not give the attacker a fresh address."""
    with behind_proxies(1):
        for n in range(5):
            # The client sends its own X-Forwarded-For; the proxy appends the address it saw.
            attempt(client, "guess", address=PROXY, forwarded_for=f"192.0.2.{n}, {ATTACKERS[0]}")
        assert attempt(client, PASSWORD, address=PROXY, forwarded_for=ATTACKERS[0]).status_code == 429
        assert logged_in(attempt(client, PASSWORD, address=PROXY, forwarded_for=REAL_USER))


def test_a_locked_out_login_gets_a_page_that_says_what_to_do(client, demo):
    """HTTP 429 with a page: how long the pause is, that other addresses are fine, and the way back (which works)."""
    with behind_proxies(0):
        for _ in range(5):
            attempt(client, "guess", address=ATTACKERS[0])
        response = attempt(client, "guess", address=ATTACKERS[0])
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed logins" in content
    assert "paused for 15 minutes" in content
    assert "Logins from other addresses are not affected" in content
    assert "axes_reset_username" in content
    # The way back that does not wait: an administrator lifts the pause.
    with behind_proxies(0):
        call_command("axes_reset_username", "compliance", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert logged_in(attempt(client, PASSWORD, address=ATTACKERS[0]))


def test_the_pause_ends_after_15_minutes_even_if_tries_go_on(client, demo):
    """Tries during the pause do not prolong it: 16 minutes after the fifth failure, the right password works."""
    start = timezone.now()
    with behind_proxies(0), time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            attempt(client, "guess", address=REAL_USER)
        traveller.shift(dt.timedelta(minutes=10))
        assert attempt(client, "guess", address=REAL_USER).status_code == 429
        traveller.shift(dt.timedelta(minutes=6))
        assert logged_in(attempt(client, PASSWORD, address=REAL_USER))


# AXES_PROXY_COUNT, what reaches the app as X-Forwarded-For, the client's address.
CHAINS = [
    (1, "203.0.113.7", "203.0.113.7"),
    (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
    (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
    (2, "192.0.2.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
    (0, "192.0.2.1", PROXY),
]


def test_the_client_address_is_the_one_the_outermost_proxy_saw(rf):
    """AXES_PROXY_COUNT=N: the N-th address from the right of X-Forwarded-For; nothing to its left is believed."""
    from axes.helpers import get_client_ip_address

    found = {}
    for count, chain, _ in CHAINS:
        request = rf.post(LOGIN, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)
        with override_settings(**client_address_settings(count)):
            found[(count, chain)] = get_client_ip_address(request)
    assert found == {(count, chain): address for count, chain, address in CHAINS}
