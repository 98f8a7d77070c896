"""Admin → E-mail alerts in tests: the roles' permissions, subscribers with a record of consent, alerts with
deliveries, outbox files, and the admin's tables read back as a person sees them."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from bs4 import BeautifulSoup

from alerts.models import Alert, Delivery, Subscriber
from alerts.permissions import grant_alert_admin
from alerts.sending import queue_alert
from alerts.subscriptions import Client, Topics, confirm, request_subscription
from disclosure.services import DISCLOSURE_COMMITTEE
from ir_site.mail import OutboxBackend
from releases.corrections import latest_version
from tests.factories import make_release

COMPANY = "Tecogen Inc."
BROWSER = Client(user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/150.0", address="198.51.100.7")


def grant_demo_roles() -> None:
    """As the demo does: the PR team reads and exports, the Disclosure Committee may also erase."""
    grant_alert_admin(Group.objects.get(name="PR team"), erase=False)
    grant_alert_admin(Group.objects.get(name=DISCLOSURE_COMMITTEE), erase=True)


def confirmed(email: str, *categories) -> Subscriber:
    """Someone who signed up (for `categories`, or all releases) and followed the confirmation link."""
    request_subscription(email, Topics(all_releases=not categories, categories=tuple(categories)), BROWSER, COMPANY)
    subscriber = Subscriber.objects.get(email=email)
    confirm(subscriber, BROWSER, COMPANY)
    return Subscriber.objects.get(pk=subscriber.pk)


def subscribers(count: int, *, status: str = Subscriber.ACTIVE, categories=(), prefix: str = "holder") -> list:
    """`count` subscribers made in bulk; with `categories`, each chose those (not all releases)."""
    now = timezone.now()
    made = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{n:04d}@investors.example",
            status=status,
            all_releases=not categories,
            confirmed_at=now if status != Subscriber.PENDING else None,
        )
        for n in range(count)
    )
    through = Subscriber.categories.through
    through.objects.bulk_create(
        through(subscriber_id=subscriber.pk, category_id=category.pk) for subscriber in made for category in categories
    )
    return made


def alert_with_deliveries(newsroom, statuses: dict[str, int], *, title: str = "Tecogen Reports Results") -> Alert:
    """An alert of a release public now, with `statuses[status]` deliveries in each status (sent ones sent now)."""
    release = make_release(newsroom, title=title, release_at=timezone.now())
    alert = queue_alert(latest_version(release).pk)
    now = timezone.now()
    deliveries = []
    for status, count in statuses.items():
        for subscriber in subscribers(count, prefix=f"{status}-{alert.pk}-"):
            sent_at = now if status == Delivery.SENT else None
            deliveries.append(Delivery(alert=alert, subscriber=subscriber, status=status, sent_at=sent_at))
    Delivery.objects.bulk_create(deliveries)
    return alert


def write_outbox_message(folder: Path, *, to: str, subject: str, text: str, html: str, headers=None) -> Path:
    """One message written by the site's own outbox backend into `folder`; returns its file."""
    before = set(folder.glob("*.eml")) if folder.is_dir() else set()
    message = EmailMultiAlternatives(subject, text, "newsroom@tecogen.example", [to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    OutboxBackend().send_messages([message])
    (path,) = set(folder.glob("*.eml")) - before
    return path


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The cells' texts of each body row of the table `table_id` (header cells of a row included)."""
    table = BeautifulSoup(html, "html.parser").find("table", id=table_id)
    assert table is not None, f"no table #{table_id}"
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def listing_rows(html: str) -> list[list[str]]:
    """The rows of Wagtail's listing table (the generic index view's results)."""
    table = BeautifulSoup(html, "html.parser").select_one("#listing-results table")
    if table is None:
        return []
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


def text_of(html: str, element_id: str) -> str:
    element = BeautifulSoup(html, "html.parser").find(id=element_id)
    assert element is not None, f"no #{element_id}"
    return " ".join(element.get_text(" ", strip=True).split())
