"""The messages: the confirmation, "already subscribed", and one alert per subscriber for a public release.

An alert is rendered once per alert (`AlertContent`: the release as published, from its wire text,
in plain text and HTML, links absolute) and then per subscriber only its personal links are put
in (`alert_message`), so sending 10,000 costs one render. Every alert carries the RFC 8058
one-click unsubscribe (`List-Unsubscribe` and `List-Unsubscribe-Post`), a `List-Id`, a stable
`Message-ID` per delivery (a receiver that sees the same message twice can tell), the personal link
to change topics or leave, and the company's postal address (CAN-SPAM); the subject is the headline.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def alert_message(content: AlertContent, delivery: Delivery, subscriber: Subscriber, connection=None):
    manage_url = content.base + reverse("alerts_manage", args=[make_token(subscriber, "manage")])
    unsubscribe_url = content.base + reverse("alerts_unsubscribe", args=[make_token(subscriber, "unsubscribe")])

    def fill(template: str) -> str:
        return template.replace("{manage_url}", manage_url).replace("{unsubscribe_url}", unsubscribe_url)

    message = EmailMultiAlternatives(
        content.subject,
        fill(content.text),
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={
            "Message-ID": f"<alert-{delivery.alert_id}.{delivery.pk}@{content.domain}>",
            "List-Id": content.list_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(fill(content.html), "text/html")
    return message
