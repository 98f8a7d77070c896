"""Login throttling (django-axes): whose address a failure counts against, and what a locked-out person sees.

Failures count per (username, client address) pair, so a flood of wrong passwords for one
username from many addresses locks only those addresses out, never the real person at their
own. That needs the client's address: behind a reverse proxy every request comes from the
proxy (REMOTE_ADDR), and one attacker would lock out everyone behind it. django-axes reads the
address with django-ipware when it is installed (without it, REMOTE_ADDR whatever the
settings say), configured here from the number of proxies in front of the app.
"""

from __future__ import annotations

import importlib.util

from django.core.exceptions import ImproperlyConfigured


def client_address_settings(proxy_count: int, header: str = "X-Forwarded-For") -> dict:
    """The axes/ipware settings that find the client's address behind `proxy_count` reverse proxies.

    Each proxy appends the address it received the request from to `header` (nginx's
    `$proxy_add_x_forwarded_for`, load balancers alike), so with N proxies the client is the
    N-th address from the right; whatever stands further left was sent by the client itself
    and is not believed. ipware counts the proxies listed in the header, which excludes the
    one the app sees as REMOTE_ADDR: N - 1. No proxy: REMOTE_ADDR only (a header there is the
    client's own invention, and believing it would give every guess a fresh address).
    """
    if proxy_count < 0:
        raise ImproperlyConfigured("AXES_PROXY_COUNT must be 0 (no reverse proxy) or the number of proxies.")
    if proxy_count and importlib.util.find_spec("ipware") is None:
        # django-axes would quietly count every login against the proxy's address.
        raise ImproperlyConfigured("AXES_PROXY_COUNT is set but django-ipware is not installed (requirements.lock).")
    meta_name = "HTTP_" + header.strip().upper().replace("-", "_")
    return {
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1 if proxy_count else None,
        # ipware's default; with a proxy count it reads the header as sent and counts the client's
        # position from its right end, so `spoofed, client` still yields the client.
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_META_PRECEDENCE_ORDER": (meta_name, "REMOTE_ADDR") if proxy_count else ("REMOTE_ADDR",),
        # At least that many hops, not exactly: a client that sends its own X-Forwarded-For must
        # still be counted at its own address, not fall back to the proxy's (shared by everyone).
        "IPWARE_STRICT": False,
    }


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429): what happened, how long, and the way back."""
    from django.conf import settings  # the settings module imports this one
    from django.shortcuts import render  # the settings module imports this one

    from axes.helpers import get_cool_off  # needs the app registry, not ready when settings load

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "axes/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
