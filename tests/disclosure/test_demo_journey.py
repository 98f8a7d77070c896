"""The whole Disclosure Policy chain works in the admin with the demo users, through real URLs."""

import csv
import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest
import time_machine

from disclosure.models import ExchangeNotice
from releases.models import NewsroomPage, PressReleasePage
from tests.support.wire_import import post_import
from tests.support.workflow import confirmed

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1:8000"}
# The journey runs at a fixed market time, 10:00 a.m. ET on a Monday: inside Nasdaq's notice
# window, so the material release goes live only because compliance recorded the notice in time
# (at whatever hour the suite runs).
JOURNEY_AT = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)
WIRE_TEXT = """November 2, 2026

Tecogen Reports Third Quarter Results

Revenue Grows on Ilios Demand

WALTHAM, Mass., Nov. 2, 2026 /PRNewswire/ -- Tecogen Inc. (Nasdaq: TGEN) today reported results.

About Tecogen

Tecogen manufactures ultra-clean cogeneration products.

Media Contact:

Melinda Furse
Tecogen Inc.
P: 781-466-6444
E: melinda.furse@tecogen.com

SOURCE Tecogen Inc.
"""


def login(client, username):
    client.logout()
    assert client.login(username=username, password="newsroom-demo")  # noqa: S106


def edit_form(client, page, **changes):
    data = querydict_from_html(
        client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)), **HOST).content, form_id="page-edit-form"
    )
    data = data.copy()
    # The body's StreamField is drawn by JavaScript, so its fields are not in the HTML: post them as the editor would.
    body = [(b.block_type, rich_text(b.value.source)) for b in page.body if b.block_type == "paragraph"]
    for key, value in nested_form_data({"body": streamfield(body)}).items():
        data[key] = value
    for key, value in changes.items():
        data[key] = value
    return data


def task_action(client, page, action, **data):
    page = PressReleasePage.objects.get(pk=page.pk)
    state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
    return client.post(url, {**confirmed(state.specific, action), **data}, **HOST)


@time_machine.travel(JOURNEY_AT, tick=True)
def test_demo_users_take_a_material_release_from_import_to_live(client, monkeypatch):
    """drafter imports and submits; review cannot be skipped; compliance reviews and records the exchange
    notice; ceo and president sign off."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", stdout=io.StringIO())
    newsroom = NewsroomPage.objects.get()

    login(client, "drafter")
    response = post_import(client, {"text": WIRE_TEXT, "release_time": "08:00", "newsroom": newsroom.pk}, **HOST)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PressReleasePage.objects.get(title="Tecogen Reports Third Quarter Results")
    assert not page.live

    # The drafter marks it material and submits it to the Disclosure Policy.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        edit_form(client, page, is_material="True", **{"action-submit": "1"}),
        **HOST,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.current_workflow_state is not None

    # A spokesperson cannot skip the compliance review.
    login(client, "ceo")
    task_action(client, page, "approve")
    assert PressReleasePage.objects.get(pk=page.pk).current_workflow_task.name == "Disclosure review"

    login(client, "compliance")
    assert task_action(client, page, "approve").status_code in (200, 302)
    assert PressReleasePage.objects.get(pk=page.pk).current_workflow_task.name == "Authorized spokesperson sign-off"
    # The IR officer notified Nasdaq at 9:30 a.m. ET (the rule: 10 minutes before it goes public).
    response = client.post(
        reverse("disclosure_exchange_notice", args=(page.pk,)),
        {
            "notified_at": "2026-11-02T09:30",
            "notified_by": get_user_model().objects.get(username="compliance").pk,
            "reference": "MW-2026-1102",
        },
        **HOST,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ExchangeNotice.objects.filter(page=page, reference="MW-2026-1102").exists()

    login(client, "ceo")
    task_action(client, page, "approve")
    assert not PressReleasePage.objects.get(pk=page.pk).live  # material: a second spokesperson is needed
    login(client, "president")
    task_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live

    # The investor sees it; compliance finds every step in the audit trail export.
    client.logout()
    assert client.get(page.url, **HOST).status_code == 200
    login(client, "compliance")
    response = client.get(reverse("disclosure_audit") + "?export=csv", **HOST)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    text = "\n".join(",".join(r) for r in rows if page.title in ",".join(r))
    for needed in ("drafter", "compliance", "ceo", "president"):
        assert needed in text
    assert "wagtail.publish" in text
