"""The committee's route choice in tests: events and governance pages routed through sign-off only."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from wagtail.models import Workflow, WorkflowPage

from disclosure.actions import FULL_ROUTE, SIGN_OFF_ONLY_ROUTE
from disclosure.committee import bootstrap
from disclosure.routes import route_page
from disclosure.services import SIGN_OFF_ONLY_WORKFLOW_NAME, designate, place_under_disclosure_policy
from tests.support.events import make_event, make_events_index
from tests.support.matrix import grant_role_permissions

REASON = "Test: a conference date, not results; one sign-off is fit."


def committee_of_two(roles) -> dict:
    """The roles fixture with a second committee member (`counsel`) and a superuser; everyone has an address."""
    people = dict(roles)
    User = get_user_model()
    people["counsel"] = User.objects.create_user("counsel", password="pw", email="counsel@example.com")  # noqa: S106
    bootstrap([people["counsel"]], reason="Test: a second committee member.")
    people["superuser"] = User.objects.create_superuser("superuser", password="pw")  # noqa: S106
    for name, user in people.items():
        if not user.email:
            user.email = f"{name}@example.com"
            user.save(update_fields=["email"])
    return people


def designate_compliance(people) -> None:
    """Compliance is also a spokesperson (designated by counsel: nobody designates themselves)."""
    designate(people["compliance"], title="Chief Financial Officer", by=people["counsel"])


def event_draft(home, people, **fields):
    """An event nobody has submitted, under an events index governed by the Disclosure Policy."""
    fields.setdefault("kind", "conference")
    index = make_events_index(home)
    place_under_disclosure_policy(index)
    grant_role_permissions(index)
    return make_event(index, publish=False, **fields)


def sign_off_only(page, by, reason: str = REASON):
    return route_page(page.pk, route=SIGN_OFF_ONLY_ROUTE, by=by, reason=reason)


def full(page, by, reason: str = "Test: back to the full policy."):
    return route_page(page.pk, route=FULL_ROUTE, by=by, reason=reason)


def light_workflow() -> Workflow:
    return Workflow.objects.get(name=SIGN_OFF_ONLY_WORKFLOW_NAME)


def assign_light_workflow_behind_the_committee(page) -> None:
    """What a superuser can do in Settings → Workflows: put the lighter workflow on a page, no decision recorded."""
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": light_workflow()})
