"""What the insider list tests share: a material release walked through the chain at known times."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

import time_machine

from disclosure.embargo import Publisher
from disclosure.schedule import record_exchange_notice
from insiders.models import InsiderAccess
from releases.models import ReleaseAttachment
from tests.factories import make_release
from tests.support.privacy import files_on_disk, login, make_image, make_pdf
from tests.support.workflow import approve_all, decide, submit

# Monday 4 Jan 2027, each step a minute after the one before (UTC); the release goes out Tuesday.
DRAFTED_AT = dt.datetime(2027, 1, 4, 14, 0, tzinfo=dt.UTC)
RELEASE_AT = dt.datetime(2027, 1, 5, 13, 0, tzinfo=dt.UTC)


def step(n: int) -> dt.datetime:
    return DRAFTED_AT + dt.timedelta(minutes=n)


def material_release_walked(client, newsroom, roles, *, with_pdf: bool = False):
    """A material release: the drafter opens and submits it, compliance reviews, two spokespersons sign off.

    Each person's first access is at step(n): drafter 1 (opens the editor), compliance 3,
    ceo 4, president 5. Returns (page, pdf or None).
    """
    with time_machine.travel(DRAFTED_AT, tick=False) as clock:
        page = make_release(
            newsroom, title="Tecogen to Acquire a Competitor", publish=False, release_at=RELEASE_AT, is_material=True
        )
        pdf = None
        if with_pdf:
            pdf = make_pdf()
            page.attachments.add(ReleaseAttachment(document=pdf, label="Merger agreement (PDF)"))
            page.save()
            page.save_revision(user=roles["drafter"])
        clock.move_to(step(1))
        login(client, "drafter")
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
        clock.move_to(step(2))
        submit(page, roles["drafter"])
        clock.move_to(step(3))
        decide(page, roles["compliance"])
        clock.move_to(step(4))
        decide(page, roles["ceo"])
        clock.move_to(step(5))
        decide(page, roles["president"])
    client.logout()
    return page, pdf


def insiders_of(page) -> dict[str, tuple[dt.datetime, str]]:
    """username (or e-mail) -> (time access was obtained, how) for the release's list."""
    return {
        (a.insider.user.get_username() if a.insider.user else a.insider.email): (a.obtained_at, a.how)
        for a in InsiderAccess.objects.filter(release=page).select_related("insider__user")
    }


def goes_public(page, roles) -> None:
    """The exchange told 15 minutes ahead, then the publisher at the release time."""
    notified_at = RELEASE_AT - dt.timedelta(minutes=15)
    with time_machine.travel(notified_at, tick=False) as clock:
        record_exchange_notice(page, notified_at=notified_at, notified_by=roles["compliance"], by=roles["compliance"])
        clock.move_to(RELEASE_AT)
        [outcome] = Publisher().run_once()
    assert outcome.status == "published", outcome


def scheduled_with_files(newsroom, roles, settings, tmp_path):
    """A release with a PDF and a chart, approved at DRAFTED_AT and scheduled for RELEASE_AT."""
    files_on_disk(settings, tmp_path)
    with time_machine.travel(DRAFTED_AT, tick=False):
        pdf, image = make_pdf(), make_image()
        page = make_release(newsroom, title="Tecogen Wins a Large Order", publish=False, release_at=RELEASE_AT)
        page.body.append(("image", {"image": image, "alt_text": "The order by quarter", "caption": ""}))
        page.attachments.add(ReleaseAttachment(document=pdf, label="Order details (PDF)"))
        page.save()
        page = approve_all(page, roles, signers=("ceo",))
    assert not page.live and page.go_live_at == RELEASE_AT
    return page, pdf, image


def preview_link(message) -> str:
    """The path of the personal link in a press preview e-mail."""
    [url] = [word for word in message.body.split() if "/press-preview/" in word]
    return "/press-preview/" + url.split("/press-preview/", 1)[1]
