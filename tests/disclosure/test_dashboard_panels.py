"""Each release waiting for someone is listed once on their dashboard, in the panel of its current step."""

import datetime as dt

from django.urls import reverse

from wagtail.models import Page

import pytest
import time_machine

from tests.factories import make_release
from tests.support.admin_html import awaiting_links, dashboard_panels
from tests.support.register import with_counsel
from tests.support.workflow import EMBARGO_RELEASE_AT, decide, submit

pytestmark = pytest.mark.django_db

REVIEW = "disclosure-awaiting-review-section"
SIGN_OFF = "disclosure-awaiting-signoff-section"
# The demo's roles (demo/builder.py): "superuser" stands for the demo's admin.
EVERYONE = ("drafter", "compliance", "counsel", "president", "ceo", "cfo", "superuser")


@pytest.fixture(autouse=True)
def outside_the_exchange_notice_window():
    """3 a.m. ET: no exchange notice rule holds the material release at its sign-off."""
    with time_machine.travel(dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def people(roles):
    return with_counsel(roles)


@pytest.fixture
def release(newsroom, people):
    return make_release(
        newsroom,
        title="Quarterly results",
        publish=False,
        release_at=EMBARGO_RELEASE_AT,
        is_material=True,
        owner=people["drafter"],
    )


def dashboards(client, people, href) -> dict[str, dict[str, int]]:
    """Role -> its dashboard's awaiting panels that link to `href`, with how many times each does."""
    seen = {}
    for who in EVERYONE:
        client.force_login(people[who])
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        seen[who] = awaiting_links(response.content.decode(), href)
    return seen


def test_each_role_sees_the_release_once_at_each_step(client, people, release):
    """Review: the committee, in "Awaiting your review". Sign-off: each spokesperson who has not signed yet."""
    edit_url = reverse("wagtailadmin_pages:edit", args=(release.pk,))
    nobody = dict.fromkeys(EVERYONE, {})

    submit(release, people["drafter"])
    assert dashboards(client, people, edit_url) == {
        **nobody,
        "compliance": {REVIEW: 1},
        "counsel": {REVIEW: 1},
    }

    decide(release, people["compliance"])
    assert dashboards(client, people, edit_url) == {**nobody, "president": {SIGN_OFF: 1}, "ceo": {SIGN_OFF: 1}}

    decide(release, people["ceo"])
    assert dashboards(client, people, edit_url) == {**nobody, "president": {SIGN_OFF: 1}}

    decide(release, people["president"])
    assert dashboards(client, people, edit_url) == nobody


def test_panels_are_headed_by_the_step_and_count_the_sign_offs(client, people, release):
    """The committee's panel says "review"; the spokesperson's says "sign-off" and how many have signed."""
    submit(release, people["drafter"])
    client.force_login(people["compliance"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    headings = [heading for _, heading, _ in dashboard_panels(html)]
    assert "Awaiting your review" in headings and "Awaiting your sign-off" not in headings

    decide(release, people["compliance"])
    decide(release, people["ceo"])
    client.force_login(people["president"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panels = {section_id: section for section_id, _, section in dashboard_panels(html)}
    text = " ".join(panels[SIGN_OFF].get_text(" ", strip=True).split())
    assert "Awaiting your sign-off" in text
    assert "Quarterly results" in text and "material" in text
    assert "1 of 2 signed" in text
    assert "Drafter" in text  # submitted by


def test_no_one_click_sign_off_from_the_dashboard(client, people, release):
    """Signing happens in the editor, with the release in front of the signer: the dashboard offers no action."""
    submit(release, people["drafter"])
    decide(release, people["compliance"])
    client.force_login(people["ceo"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-workflow-action-url" not in html
    assert reverse("wagtailadmin_pages:edit", args=(release.pk,)) in html


def test_other_workflows_stay_in_wagtails_own_panel(client, people, home):
    """A page in Wagtail's default "Moderators approval" is still listed by Wagtail's panel, with its actions."""
    superuser = people["superuser"]
    page = Page.objects.get(pk=home.pk).specific
    page.save_revision(user=people["drafter"])
    page.get_workflow().start(page, people["drafter"])

    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert awaiting_links(html, reverse("wagtailadmin_pages:edit", args=(page.pk,))) == {"awaiting-review-section": 1}
    assert "data-workflow-action-url" in html
