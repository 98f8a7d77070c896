"""The messages: the confirmation, "already subscribed", and one alert per subscriber for a public release.

An alert is rendered once per alert (`AlertContent`: the release as published, from its wire text,
in plain text and HTML, links absolute) and then per subscriber only its personal links are put
in; `PreparedAlert` encodes the MIME message once too, so sending 10,000 costs one render and
one encoding, and each subscriber's copy is a few byte replacements. Every alert carries the RFC 8058
one-click unsubscribe (`List-Unsubscribe` and `List-Unsubscribe-Post`), a `List-Id`, a stable
`Message-ID` per delivery (a receiver that sees the same message twice can tell), the personal link
to change topics or leave, and the company's postal address (CAN-SPAM); the subject is the headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Site

from django_tasks import task

from alerts.models import Alert, Delivery, Subscriber
from alerts.tokens import make_token
from company.models import CompanyProfile
from releases.corrections import version_release
from releases.models import PressReleasePage
from releases.wire_export import wire_text


def site() -> Site:
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def base_url() -> str:
    current = site()
    return current.root_url if current else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def profile() -> CompanyProfile:
    current = site()
    return CompanyProfile.for_site(current) if current else CompanyProfile()


def company_name() -> str:
    current = profile()
    return current.legal_name or current.short_name


def absolute(name: str, token: str) -> str:
    return base_url() + reverse(name, args=[token])


def list_domain() -> str:
    current = site()
    return (current.hostname if current else "localhost") or "localhost"


def _context(subscriber: Subscriber) -> dict:
    return {
        "company": company_name(),
        "postal_address": profile().postal_address,
        "manage_url": absolute("alerts_manage", make_token(subscriber, "manage")),
        "signup_url": base_url() + reverse("alerts_signup"),
    }


def _send(subject: str, template: str, to: str, context: dict) -> None:
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_subscription_message(subscriber_id: int, kind: str) -> bool:
    """The confirmation or "already subscribed" message, sent by the task worker, not in the sign-up request.

    So the form answers in the same time whatever it sends (or, rate-limited, does not), and an SMTP
    server that is slow or down delays a message, never the page. False if the subscriber has gone.
    """
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    (send_confirmation if kind == "confirm" else send_already_subscribed)(subscriber)
    return True


def send_confirmation(subscriber: Subscriber) -> None:
    context = _context(subscriber) | {
        "confirm_url": absolute("alerts_confirm", make_token(subscriber, "confirm")),
        "topics": subscriber.topic_labels(),
    }
    _send(f"Confirm your e-mail alerts from {context['company']}", "confirm", subscriber.email, context)


def send_already_subscribed(subscriber: Subscriber) -> None:
    context = _context(subscriber) | {"topics": subscriber.topic_labels()}
    _send(f"Your e-mail alerts from {context['company']}", "already_subscribed", subscriber.email, context)


# -- alerts -----------------------------------------------------------------------------------


def alert_subject(version) -> str:
    title = " ".join(version.title.split())
    if version.number > 1 and not title.upper().startswith("CORRECT"):
        return f"Correction: {title}"
    return title


@dataclass
class AlertContent:
    """One alert rendered once: the parts every subscriber's message shares."""

    subject: str
    text: str  # with {manage_url} and {unsubscribe_url} still to fill (str.replace, not format)
    html: str
    list_id: str
    base: str  # the site's root URL, for the personal links
    domain: str

    @classmethod
    def render(cls, alert: Alert) -> AlertContent:
        version = alert.version
        page = PressReleasePage.objects.get(pk=alert.page_id)
        release = version_release(page, version)
        url = page.get_full_url()
        if version.number > 1:
            url = url.rstrip("/") + f"/v{version.number}/"
        company = company_name()
        text = wire_text(release)
        context = {
            "subject": alert.subject,
            "release_url": url,
            "newsroom_url": page.get_parent().get_full_url(),
            "wire_text": text,
            "paragraphs": [p for p in text.split("\n\n") if p.strip()],
            "headline": release.title,
            "company": company,
            "postal_address": profile().postal_address,
            "manage_url": "{manage_url}",
            "unsubscribe_url": "{unsubscribe_url}",
            "is_correction": version.number > 1,
            "correction_note": version.correction_note,
        }
        return cls(
            subject=alert.subject,
            text=render_to_string("alerts/email/alert.txt", context),
            html=render_to_string("alerts/email/alert.html", context),
            list_id=f"{company} press releases <releases.alerts.{list_domain()}>",
            base=base_url(),
            domain=list_domain(),
        )


def _links(content: AlertContent, subscriber: Subscriber) -> tuple[str, str]:
    """The subscriber's own links: (change topics or leave, one-click unsubscribe)."""
    return (
        content.base + reverse("alerts_manage", args=[make_token(subscriber, "manage")]),
        content.base + reverse("alerts_unsubscribe", args=[make_token(subscriber, "unsubscribe")]),
    )


def _fill(template: str, manage_url: str, unsubscribe_url: str) -> str:
    return template.replace("{manage_url}", manage_url).replace("{unsubscribe_url}", unsubscribe_url)


def _headers(content: AlertContent, message_id: str, unsubscribe_url: str, date: str | None = None) -> dict:
    headers = {
        "Message-ID": message_id,
        "List-Id": content.list_id,
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Precedence": "bulk",
    }
    if date is not None:
        headers["Date"] = date
    return headers


def _build(
    content: AlertContent,
    *,
    to: str,
    message_id: str,
    manage_url: str,
    unsubscribe_url: str,
    date: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        content.subject,
        _fill(content.text, manage_url, unsubscribe_url),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        connection=connection,
        headers=_headers(content, message_id, unsubscribe_url, date),
    )
    message.attach_alternative(_fill(content.html, manage_url, unsubscribe_url), "text/html")
    return message


def _message_id(content: AlertContent, delivery: Delivery) -> str:
    return f"<alert-{delivery.alert_id}.{delivery.pk}@{content.domain}>"


def alert_message(content: AlertContent, delivery: Delivery, subscriber: Subscriber, connection=None):
    """The subscriber's message built in full by Django (the reference `PreparedAlert` is checked against)."""
    manage_url, unsubscribe_url = _links(content, subscriber)
    return _build(
        content,
        to=subscriber.email,
        message_id=_message_id(content, delivery),
        manage_url=manage_url,
        unsubscribe_url=unsubscribe_url,
        connection=connection,
    )


# Stand-ins put where each subscriber's values go; letters only, so no encoding can change them.
_SLOT_TO = "alertslotrecipient@alertslot.invalid"
_SLOT_DELIVERY = "ALERTSLOTDELIVERY"
_SLOT_DATE = "ALERTSLOTDATE"
_SLOT_MANAGE = "https://alertslot.invalid/ALERTSLOTMANAGE"
_SLOT_UNSUBSCRIBE = "https://alertslot.invalid/ALERTSLOTUNSUBSCRIBE"
_LONGEST_SLOT_LINE = 600  # bytes: a filled-in line stays far below RFC 5322's 998
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


class _Raw:
    """What Django's SMTP backend asks a message for (`as_bytes`), already encoded."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


class _PreparedMessage(EmailMultiAlternatives):
    """A subscriber's message whose MIME form was encoded once for the whole alert.

    Subject, body and alternatives are the real ones (any backend that reads them sees the
    message as it is); only `message()`, the MIME encoding that is most of a message's CPU, is the
    alert's template with this subscriber's values put in.
    """

    def __init__(self, data: bytes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._data = data

    def message(self):
        return _Raw(self._data)


class PreparedAlert:
    """An alert's message encoded once, with slots where each subscriber's values go.

    Django builds the MIME message with stand-ins (`_SLOT_*`) for the recipient, the Message-ID,
    the date and the two personal links; sending a subscriber's copy is then a few byte
    replacements instead of a MIME encoding. That holds only where the stand-ins come out of the
    encoder verbatim (8-bit bodies: Django quoted-printable-encodes a body only for lines over 998
    bytes) and an address needs no encoding; otherwise (`usable` false, or an address that is not
    plain ASCII) the message is built in full by `alert_message`, the same message.
    """

    def __init__(self, content: AlertContent):
        self.content = content
        template = _build(
            content,
            to=_SLOT_TO,
            message_id=f"<alert-{_SLOT_DELIVERY}@{content.domain}>",
            manage_url=_SLOT_MANAGE,
            unsubscribe_url=_SLOT_UNSUBSCRIBE,
            date=_SLOT_DATE,
        )
        self.data = template.message().as_bytes(linesep="\r\n")
        self.usable = self._slots_intact()

    def _slots_intact(self) -> bool:
        expected = {
            _SLOT_TO: 1,
            _SLOT_DELIVERY: 1,
            _SLOT_DATE: 1,
            _SLOT_MANAGE: self.content.text.count("{manage_url}") + self.content.html.count("{manage_url}"),
            _SLOT_UNSUBSCRIBE: 1
            + self.content.text.count("{unsubscribe_url}")
            + self.content.html.count("{unsubscribe_url}"),
        }
        if any(self.data.count(slot.encode()) != n for slot, n in expected.items()):
            return False
        encodings = re.findall(rb"(?im)^Content-Transfer-Encoding:\s*(\S+)", self.data)
        if any(value.lower() not in (b"7bit", b"8bit") for value in encodings):
            return False  # quoted-printable or base64: a filled-in slot would break the encoding's lines
        return all(len(line) <= _LONGEST_SLOT_LINE for line in self.data.split(b"\r\n") if b"ALERTSLOT" in line)

    def message(self, delivery: Delivery, subscriber: Subscriber, connection=None) -> EmailMultiAlternatives:
        address = subscriber.email
        if not self.usable or not _PLAIN_ADDRESS.fullmatch(address):
            return alert_message(self.content, delivery, subscriber, connection)
        manage_url, unsubscribe_url = _links(self.content, subscriber)
        date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        data = (
            self.data.replace(_SLOT_TO.encode(), address.encode())
            .replace(_SLOT_DELIVERY.encode(), f"{delivery.alert_id}.{delivery.pk}".encode())
            .replace(_SLOT_DATE.encode(), date.encode())
            .replace(_SLOT_MANAGE.encode(), manage_url.encode())
            .replace(_SLOT_UNSUBSCRIBE.encode(), unsubscribe_url.encode())
        )
        return _PreparedMessage(
            data,
            self.content.subject,
            _fill(self.content.text, manage_url, unsubscribe_url),
            settings.DEFAULT_FROM_EMAIL,
            [address],
            connection=connection,
            headers=_headers(self.content, _message_id(self.content, delivery), unsubscribe_url, date),
            alternatives=[(_fill(self.content.html, manage_url, unsubscribe_url), "text/html")],
        )
