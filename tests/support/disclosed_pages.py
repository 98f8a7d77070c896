"""Drafts and live pages of each disclosed page type besides releases (events, governance, waivers).

Each index is placed under the Disclosure Policy as the demo places it, so these pages are
submitted to the same workflow as releases (the `roles` fixture has set that workflow up).
"""

from __future__ import annotations

import datetime as dt

from conduct import waivers
from disclosure.services import place_under_disclosure_policy
from governance.code_import import ensure_governance_index
from governance.models import BoardPage, GovernanceDocumentPage
from tests.support.conduct_waivers import BOARD_MEETING, granted_officer_waiver, waiver_index
from tests.support.events import make_event, make_events_index
from tests.support.governance import charter_body
from tests.support.workflow import approve_all

KINDS = ["event", "governance document", "board page", "waiver disclosure"]


def event_index(home):
    return make_events_index(home)


def _governed(index):
    place_under_disclosure_policy(index)
    return index


def draft_of(kind: str, home, people):
    """A draft of `kind` nobody has submitted, under its index (which is under the Disclosure Policy)."""
    if kind == "event":
        return make_event(_governed(make_events_index(home)), publish=False)
    if kind == "waiver disclosure":
        waiver_index(home)
        waiver = granted_officer_waiver(people["compliance"])
        return waivers.draft_disclosure(waiver, by=people["compliance"], now=BOARD_MEETING + dt.timedelta(hours=2))
    index = _governed(ensure_governance_index(home))
    if kind == "governance document":
        page = GovernanceDocumentPage(
            title="Audit Committee Charter",
            slug="audit-committee-charter",
            kind="charter",
            version="1.0",
            effective_date="2012-01-01",
            body=charter_body(),
            live=False,
        )
    elif kind == "board page":
        page = BoardPage(title="Board of directors", slug="board", live=False)
    else:
        raise ValueError(kind)
    index.add_child(instance=page)
    page.save_revision(user=people["drafter"])
    return type(page).objects.get(pk=page.pk)


def live_of(kind: str, home, people):
    """The same page taken through the whole approval chain: live."""
    page = approve_all(draft_of(kind, home, people), people)
    assert page.live, f"the approval chain did not publish the {kind}"
    return page
