"""The personal links in alert messages: signed, tied to one subscriber's secret key, no login.

* confirm: the double opt-in link, valid for CONFIRMATION_MAX_AGE (48 hours) from sending;
* manage: change topics or leave, valid as long as the subscription exists;
* unsubscribe: the RFC 8058 one-click link of one list (press release alerts) for one subscriber.

Each token signs (purpose, subscriber id, the subscriber's key) with the site's SECRET_KEY
(django.core.signing, salted per purpose): a token of one purpose is no token of another, a forged
or altered one fails the signature, and erasing a subscriber (or giving it a new key) voids every
link it was ever sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from alerts.models import Subscriber

CONFIRMATION_MAX_AGE = timedelta(hours=48)
LIST_ID = "releases"
_SALT = "alerts.tokens."


class BadToken(Exception):
    """A link that is forged, altered, expired or no longer belongs to anyone; the message says which."""


def make_token(subscriber: Subscriber, purpose: str) -> str:
    payload = {"s": subscriber.pk, "k": subscriber.key}
    if purpose == "unsubscribe":
        payload["l"] = LIST_ID
    return signing.dumps(payload, salt=_SALT + purpose)


def read_token(token: str, purpose: str) -> Subscriber:
    max_age = CONFIRMATION_MAX_AGE if purpose == "confirm" else None
    try:
        payload = signing.loads(token, salt=_SALT + purpose, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken(
            "This confirmation link has expired (links are valid for 48 hours). Sign up again to get a new one."
        ) from exc
    except signing.BadSignature as exc:
        raise BadToken("This link is not valid. Copy the whole link from the message, or sign up again.") from exc
    if not isinstance(payload, dict) or (purpose == "unsubscribe" and payload.get("l") != LIST_ID):
        raise BadToken("This link is not valid.")
    subscriber = Subscriber.objects.filter(pk=payload.get("s"), key=payload.get("k")).first()
    if subscriber is None:
        raise BadToken("This link no longer belongs to a subscription: it may have been deleted on request.")
    return subscriber
