"""Where compliance meets the audit chain: the trail's verification line, the head export, the CSV's
seals, and the dashboard alert when a verification fails."""

import csv
import datetime as dt
import io
import json

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest

from disclosure.audit_verification import record_verification
from disclosure.models import AuditSeal
from tests.factories import make_release
from tests.support.audit_chain import tampering
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def walked(newsroom, roles):
    page = make_release(newsroom, title="Fourth quarter results", publish=False)
    approve_all(page, roles)
    return page


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


def test_the_trail_says_how_far_the_chain_was_verified(client, roles, walked):
    verification = record_verification()
    client.force_login(roles["compliance"])
    html = client.get(reverse("disclosure_audit")).content.decode()
    assert f"Hash chain verified through entry {verification.entries}" in html
    # In UTC, as it says (the admin's own zone is the market's, ET).
    assert f"checked {verification.ran_at.astimezone(dt.UTC):%b %-d, %Y, %H:%M:%S} UTC" in html
    assert reverse("disclosure_audit_head") in html


def test_a_failed_verification_is_shown_on_the_trail_and_the_dashboard(client, roles, walked):
    entry = PageLogEntry.objects.filter(page=walked).order_by("pk").first()
    with tampering():
        PageLogEntry.objects.filter(pk=entry.pk).update(label="Rewritten")
    record_verification()

    client.force_login(roles["compliance"])
    trail = client.get(reverse("disclosure_audit")).content.decode()
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    for html in (trail, dashboard):
        assert "help-critical" in html and f"page log entry {entry.pk}" in html
    assert "Audit trail verification failed" in dashboard

    client.force_login(roles["drafter"])
    assert "Audit trail verification failed" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_no_alert_while_the_chain_is_intact(client, roles, walked):
    record_verification()
    client.force_login(roles["compliance"])
    assert "Audit trail verification failed" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_head_seal_export_is_for_the_committee_only(client, roles, walked, superuser):
    client.force_login(roles["compliance"])
    response = client.get(reverse("disclosure_audit_head"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-head-')
    exported = json.loads(response.content)
    last = AuditSeal.objects.order_by("-position").first()
    assert exported["entries"] == last.position and exported["head_seal"] == last.seal

    for user in (superuser, roles["drafter"], roles["ceo"]):
        client.force_login(user)
        refused = client.get(reverse("disclosure_audit_head"))
        assert refused.status_code in (302, 403)  # Wagtail's admin answers PermissionDenied with a redirect
        assert last.seal.encode() not in refused.content


def test_the_csv_carries_each_entrys_seal(client, roles, walked):
    client.force_login(roles["compliance"])
    response = client.get(reverse("disclosure_audit") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    sources = {"release": "page", "register": "model"}
    for row in rows:
        link = AuditSeal.objects.get(source=sources[row["Log"]], entry_id=int(row["Entry ID"]))
        assert row["Seal (SHA-256 chain)"] == link.seal
        assert row["Chain position"] == str(link.position)
