"""Admin → E-mail alerts as the Disclosure Committee and the PR team use it: counts, consent, export, erasure."""

import csv
import datetime as dt
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

import pytest

from alerts.models import Alert, ConsentRecord, Delivery, Subscriber, address_digest
from alerts.permissions import grant_alert_admin
from alerts.subscriptions import CONSENT_VERSION, suppress
from tests.factories import CategoryFactory
from tests.support.alerts_admin import (
    alert_with_deliveries,
    confirmed,
    grant_demo_roles,
    listing_rows,
    subscribers,
    table_rows,
    text_of,
    write_outbox_message,
)

pytestmark = pytest.mark.django_db

ADDRESS = "jane.holder@example.com"
OUTBOX = "ir_site.mail.OutboxBackend"


@pytest.fixture
def admins(roles):
    grant_demo_roles()
    return roles


def _erase(client, subscriber, reason):
    return client.post(reverse("alerts_subscriber_erase", args=[subscriber.pk]), {"reason": reason})


def _everything_logged() -> str:
    return json.dumps([[entry.label, entry.data] for entry in ModelLogEntry.objects.all()])


# -- counts and the list -------------------------------------------------------------------------


def test_counts_per_topic_count_the_active_subscribers_who_chose_it(client, admins):
    financing, results = CategoryFactory(name="Financing"), CategoryFactory(name="Financial results")
    subscribers(2, prefix="all")
    subscribers(1, categories=[financing], prefix="fin")
    subscribers(1, categories=[financing, results], prefix="both")
    subscribers(1, categories=[financing], status=Subscriber.PENDING, prefix="pending")
    subscribers(1, status=Subscriber.UNSUBSCRIBED, prefix="left")
    subscribers(1, categories=[results], status=Subscriber.SUPPRESSED, prefix="bounced")
    client.force_login(admins["drafter"])

    html = client.get(reverse("alerts_subscribers")).content.decode()

    assert table_rows(html, "alerts-topic-counts") == [
        ["All press releases", "2", "2"],
        ["Financial results", "1", "3"],
        ["Financing", "2", "4"],
    ]
    assert table_rows(html, "alerts-status-counts") == [
        ["Waiting for confirmation", "1"],
        ["Subscribed", "4"],
        ["Unsubscribed", "1"],
        ["Suppressed (bounced)", "1"],
    ]


def test_the_list_shows_each_address_and_searches_and_filters_it(client, admins):
    financing = CategoryFactory(name="Financing")
    confirmed(ADDRESS, financing)
    subscribers(3, status=Subscriber.UNSUBSCRIBED, prefix="left")
    client.force_login(admins["compliance"])

    rows = listing_rows(client.get(reverse("alerts_subscribers"), {"q": "jane"}).content.decode())
    assert len(rows) == 1
    assert rows[0][:3] == [ADDRESS, "Subscribed", "Financing"]
    assert rows[0][4] == "0"

    rows = listing_rows(client.get(reverse("alerts_subscribers"), {"status": "unsubscribed"}).content.decode())
    assert [row[0] for row in rows] == [f"left{n:04d}@investors.example" for n in range(3)]


def test_the_subscribers_page_costs_the_same_queries_for_5_or_40_subscribers(client, admins):
    financing, results = CategoryFactory(name="Financing"), CategoryFactory(name="Financial results")
    client.force_login(admins["compliance"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("alerts_subscribers")).status_code == 200
        return len(captured)

    subscribers(5, categories=[financing, results], prefix="few")
    few = queries()
    subscribers(35, categories=[financing], prefix="more")
    assert queries() == few


def test_the_suppression_list_shows_bounced_addresses_with_the_reason(client, admins):
    bounced, fine = subscribers(2, prefix="mx")
    Subscriber.objects.filter(pk=bounced.pk).update(bounce_count=3)
    suppress(bounced, "3 permanent delivery failures; the last: 550 '5.1.1 No such user'")
    client.force_login(admins["drafter"])

    rows = listing_rows(client.get(reverse("alerts_suppressed")).content.decode())

    assert len(rows) == 1
    assert rows[0][0] == bounced.email and rows[0][3] == "3"
    assert "550 '5.1.1 No such user'" in rows[0][2]


# -- a subscriber -----------------------------------------------------------------------------------


def test_a_subscribers_page_shows_its_record_of_consent_and_deliveries(client, admins, newsroom):
    subscriber = confirmed(ADDRESS)
    alert = alert_with_deliveries(newsroom, {}, title="Tecogen Raises Over $2.9 Million")
    Delivery.objects.create(alert=alert, subscriber=subscriber, status=Delivery.FAILED, last_error="550 'No such user'")
    client.force_login(admins["drafter"])

    html = client.get(reverse("alerts_subscriber", args=[subscriber.pk])).content.decode()

    consent = table_rows(html, "alerts-consent-records")
    assert [row[1] for row in consent] == ["Asked to subscribe", "Confirmed the subscription"]
    assert all(CONSENT_VERSION in row[3] and "Firefox/150.0" in row[4] and row[5] == "198.51.100.7" for row in consent)
    assert "<summary>The exact text</summary>" in html
    assert "I want to receive e-mail alerts from Tecogen Inc." in html
    assert table_rows(html, "alerts-deliveries") == [
        ["Tecogen Raises Over $2.9 Million", "Failed", "", "0", "550 'No such user'"]
    ]
    assert reverse("alerts_subscriber_erase", args=[subscriber.pk]) not in html, "the PR team may not erase"


# -- permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "alerts_subscribers",
        "alerts_subscribers_results",
        "alerts_subscribers_export",
        "alerts_suppressed",
        "alerts_tombstones",
        "alerts_alerts",
        "alerts_outbox",
    ],
)
def test_someone_without_the_permission_is_refused(client, admins, settings, name):
    settings.EMAIL_BACKEND = OUTBOX
    client.force_login(admins["ceo"])
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_pages_of_one_subscriber_are_refused_without_the_permission(client, admins):
    subscriber = confirmed(ADDRESS)
    client.force_login(admins["ceo"])
    for name in ("alerts_subscriber", "alerts_subscriber_erase"):
        response = client.get(reverse(name, args=[subscriber.pk]))
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_pr_team_reads_and_exports_but_may_not_erase(client, admins):
    subscriber = confirmed(ADDRESS)
    client.force_login(admins["drafter"])
    assert client.get(reverse("alerts_subscribers")).status_code == 200
    assert client.get(reverse("alerts_subscribers_export")).status_code == 200

    response = _erase(client, subscriber, "Asked by e-mail on 3 March")

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Subscriber.objects.filter(email=ADDRESS).exists()


def test_the_menu_shows_e_mail_alerts_to_those_allowed_only(client, admins):
    client.force_login(admins["drafter"])
    assert "E-mail alerts" in client.get("/admin/").content.decode()
    client.force_login(admins["ceo"])
    assert "E-mail alerts" not in client.get("/admin/").content.decode()


def test_nobody_is_given_add_or_change_permissions(roles):
    group = roles["drafter"].groups.get()
    grant_alert_admin(group, erase=True)
    assert sorted(group.permissions.filter(content_type__app_label="alerts").values_list("codename", flat=True)) == [
        "delete_subscriber",
        "export_subscriber",
        "view_alert",
        "view_subscriber",
    ]


# -- export -------------------------------------------------------------------------------------------


def test_the_export_has_every_subscriber_and_is_in_the_log(client, admins):
    financing = CategoryFactory(name="Financing")
    jane = confirmed(ADDRESS, financing)
    Subscriber.objects.create(email="=HYPERLINK(1)@example.com")
    client.force_login(admins["compliance"])

    response = client.get(reverse("alerts_subscribers_export"))

    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    heading, first, second = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert heading[0] == "E-mail" and heading[-1] == "Consent text version (confirmation)"
    assert first[0] == "'=HYPERLINK(1)@example.com", "a formula is neutralised"
    assert first[1] == "pending" and first[-1] == ""
    assert second[:3] == [ADDRESS, "active", "Financing"]
    assert second[4] == jane.confirmed_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    assert second[-2:] == ["0", CONSENT_VERSION]

    entry = ModelLogEntry.objects.get(action="alerts.subscribers_exported")
    assert entry.user == admins["compliance"]
    assert entry.data["rows"] == 2 and entry.data["format"] == "CSV"
    assert log_action_registry.get_action_label("alerts.subscribers_exported") == "Alert subscribers exported"


def test_a_refused_export_is_not_logged(client, admins):
    client.force_login(admins["ceo"])
    client.get(reverse("alerts_subscribers_export"))
    assert not ModelLogEntry.objects.filter(action="alerts.subscribers_exported").exists()


# -- erasure ------------------------------------------------------------------------------------------


def test_erasure_removes_the_address_everywhere_and_keeps_the_tombstone(client, admins):
    subscriber = confirmed(ADDRESS, CategoryFactory(name="Financing"))
    digest = address_digest(ADDRESS)
    client.force_login(admins["compliance"])
    page = client.get(reverse("alerts_subscriber_erase", args=[subscriber.pk]))
    assert page.status_code == 200 and Subscriber.objects.filter(pk=subscriber.pk).exists(), "asking erases nothing"

    response = _erase(client, subscriber, "Asked by e-mail on 3 March, ticket 1234")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('alerts_tombstones')}?digest={digest}"
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert not ConsentRecord.objects.filter(email__icontains="jane").exists()
    records = ConsentRecord.objects.filter(email_digest=digest)
    assert [r.action for r in records] == ["requested", "confirmed", "erased"]
    assert all(r.email == "" and r.subscriber_id is None for r in records)
    entry = ModelLogEntry.objects.get(action="alerts.subscriber_erased")
    assert entry.user == admins["compliance"] and entry.object_id == str(subscriber.pk)
    assert entry.label == f"Subscriber {digest[:12]}"
    assert entry.data == {"digest": digest, "reason": "Asked by e-mail on 3 March, ticket 1234"}
    assert "jane" not in _everything_logged()

    shown = client.get(response["Location"]).content.decode()
    assert f"The record of consent is kept under this digest: {digest}" in shown
    assert text_of(shown, "alerts-tombstone-digest") == digest
    assert [row[1] for row in table_rows(shown, "alerts-consent-records")] == [
        "Asked to subscribe",
        "Confirmed the subscription",
        "Erased on request",
    ]
    assert "jane" not in shown.replace(digest, "")


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("   ", "Give the reason for the erasure"),
        ("Request from Jane.Holder@example.com", "Leave the address out of the reason"),
    ],
)
def test_erasure_without_a_proper_reason_is_refused_and_changes_nothing(client, admins, reason, error):
    subscriber = confirmed(ADDRESS)
    client.force_login(admins["compliance"])

    response = _erase(client, subscriber, reason)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert Subscriber.objects.filter(email=ADDRESS, status=Subscriber.ACTIVE).exists()
    assert list(ConsentRecord.objects.values_list("email", flat=True)) == [ADDRESS, ADDRESS]
    assert not ModelLogEntry.objects.filter(action="alerts.subscriber_erased").exists()


def test_the_tombstone_lookup_finds_an_erased_address_by_the_address(client, admins):
    subscriber = confirmed(ADDRESS)
    client.force_login(admins["compliance"])
    _erase(client, subscriber, "Asked by letter")

    response = client.post(reverse("alerts_tombstones"), {"address_or_digest": "  Jane.Holder@Example.com "})

    html = response.content.decode()
    assert text_of(html, "alerts-tombstone-digest") == address_digest(ADDRESS)
    assert "This address was erased on request" in html
    rows = table_rows(html, "alerts-consent-records")
    assert [row[1:3] for row in rows] == [
        ["Asked to subscribe", "(erased)"],
        ["Confirmed the subscription", "(erased)"],
        ["Erased on request", "(erased)"],
    ]
    assert "Erased on request by compliance: Asked by letter" in rows[-1][-1]


def test_the_tombstone_lookup_refuses_what_is_neither_address_nor_digest(client, admins):
    client.force_login(admins["drafter"])
    response = client.post(reverse("alerts_tombstones"), {"address_or_digest": "jane"})
    assert "Paste an e-mail address or a 64-character digest." in response.content.decode()


# -- alerts -------------------------------------------------------------------------------------------


def test_the_alerts_page_counts_deliveries_by_status_and_links_the_release(client, admins, newsroom):
    alert = alert_with_deliveries(newsroom, {Delivery.SENT: 3, Delivery.FAILED: 1, Delivery.PENDING: 2})
    Alert.objects.filter(pk=alert.pk).update(
        first_sent_at=alert.version.published_at + dt.timedelta(seconds=65),
        last_sent_at=alert.version.published_at + dt.timedelta(seconds=7400),
    )
    client.force_login(admins["drafter"])

    html = client.get(reverse("alerts_alerts")).content.decode()

    (row,) = listing_rows(html)
    subject, version, state, queued, sending, sent, failed, suppressed, stopped, _, _, first, last = row
    assert (subject, version, state) == ("Tecogen Reports Results", "1", "Queued")
    assert (queued, sending, sent, failed, suppressed, stopped) == ("2", "0", "3", "1", "0", "0")
    assert (first, last) == ("1 min 05 s", "2 h 03 min")
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[alert.page_id])}"' in html


def test_the_alerts_and_subscribers_pages_warn_without_a_postal_address(client, admins, profile):
    client.force_login(admins["compliance"])
    for name in ("alerts_alerts", "alerts_subscribers"):
        assert "alerts-postal-address-warning" not in client.get(reverse(name)).content.decode()
    profile.postal_address = "  "
    profile.save()
    for name in ("alerts_alerts", "alerts_subscribers"):
        warning = text_of(client.get(reverse(name)).content.decode(), "alerts-postal-address-warning")
        assert "Alerts are sent without the postal address CAN-SPAM requires" in warning
        assert "Settings → Company profile" in warning


# -- outbox -------------------------------------------------------------------------------------------


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = OUTBOX
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    return tmp_path / "outbox"


def test_the_outbox_lists_messages_and_shows_one_escaped(client, admins, outbox):
    path = write_outbox_message(
        outbox,
        to=ADDRESS,
        subject="Tecogen Reports Results",
        text="Results are <b>up</b> & away.",
        html='<p onclick="steal()">Results</p><script>alert("x")</script>',
        headers={
            "List-Unsubscribe": "<https://ir.example/alerts/unsubscribe/t/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    (outbox / ".20990101T000000.000000-abcdef12.eml.part").write_text("half a message")
    client.force_login(admins["drafter"])

    rows = table_rows(client.get(reverse("alerts_outbox")).content.decode(), "alerts-outbox")
    assert [row[1:] for row in rows] == [[ADDRESS, "Tecogen Reports Results"]]

    html = client.get(reverse("alerts_outbox_message", args=[path.name])).content.decode()
    headers = text_of(html, "alerts-outbox-headers")
    for expected in (
        "To",
        ADDRESS,
        "List-Unsubscribe",
        "<https://ir.example/alerts/unsubscribe/t/>",
        "List-Unsubscribe=One-Click",
        "Message-ID",
    ):
        assert expected in headers
    assert "Results are &lt;b&gt;up&lt;/b&gt; &amp; away." in html
    assert "<script>" not in html.split('id="alerts-outbox-text"')[1]
    assert "steal()" not in html and 'alert("x")' not in html


@pytest.mark.parametrize("name", ["..", "..%2F..%2Fpyproject.toml", "20990101T000000.000000-abcdef12.eml", "x.eml"])
def test_the_outbox_refuses_any_other_name(client, admins, outbox, name):
    write_outbox_message(outbox, to=ADDRESS, subject="Hello", text="Hello", html="<p>Hello</p>")
    client.force_login(admins["drafter"])
    assert client.get(f"/admin/alerts/outbox/{name}/").status_code == 404


def test_there_is_no_outbox_when_mail_goes_over_smtp(client, admins, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    client.force_login(admins["drafter"])
    assert client.get(reverse("alerts_outbox")).status_code == 404
    assert reverse("alerts_outbox") not in client.get("/admin/").content.decode()
