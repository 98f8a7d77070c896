"""The permission matrices' roles: who stands behind each one (users of the demo-shaped ``roles`` fixture)."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import (
    GroupPagePermission,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from disclosure.models import SignOff, Spokesperson
from disclosure.services import place_under_disclosure_policy
from governance.code_import import ensure_governance_index
from tests.support.events import event_form, make_events_index

# "superuser" is made by each matrix (or tests.support.register.with_counsel); "anonymous" is nobody.
ROLE_USERS = {
    "drafter": "drafter",
    "compliance": "compliance",
    "spokesperson": "ceo",
    "revoked": "president",
    "executive": "cfo",
    "superuser": "superuser",
    "anonymous": None,
}
ROLES = list(ROLE_USERS)


# The roles fixture's page permissions on the newsroom (tests/conftest.py), given on another index too,
# as the demo gives its groups the newsroom's rights on the events and governance indexes.
ROLE_PAGE_PERMISSIONS = {
    "PR team": ("add", "change"),
    "Executives": ("add", "change", "publish"),
    "Disclosure Committee": ("change",),
}


def grant_role_permissions(page) -> None:
    """The roles fixture's groups get the newsroom's page permissions on `page` (an events or governance index)."""
    for name, perms in ROLE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for perm in perms:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{perm}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


# -- the disclosed pages' matrix (tests/disclosure/test_permission_matrix_pages.py) ---------------------

PAGE_KINDS = ["event", "governance document", "board page"]
NEW_SLUG = "matrix-new-page"
# The page type's (app label, model name), for the admin's add view.
PAGE_TYPES = {
    "event": ("events", "eventpage"),
    "governance document": ("governance", "governancedocumentpage"),
    "board page": ("governance", "boardpage"),
}


def index_for(kind: str, home):
    """The index a `kind` page is created under: under the Disclosure Policy, with the roles' page permissions."""
    index = make_events_index(home) if kind == "event" else ensure_governance_index(home)
    place_under_disclosure_policy(index)
    grant_role_permissions(index)
    return index


def page_form(kind: str, **overrides) -> dict:
    """The page editor's POST for a page of `kind`, complete enough to save and submit."""
    if kind == "event":
        return event_form(**{"location": "The Langham, Boston", **overrides})
    if kind == "governance document":
        data = {
            "title": "Audit Committee Charter",
            "slug": "audit-committee-charter",
            "kind": "charter",
            "version": "1.0",
            "effective_date": "2012-01-01",
            "change_summary": "",
            "summary": "",
            "body": streamfield([("paragraph", "The Committee oversees the Company's financial reporting.")]),
        }
    else:
        data = {"title": "Board of directors", "slug": "board", "intro": rich_text("<p>The directors.</p>")}
    data.update(overrides)
    return nested_form_data(data)


def _live_pages() -> set:
    return set(Page.objects.filter(live=True).values_list("pk", "live_revision_id"))


def public_snapshot() -> dict:
    """What the public sees or will see: live pages, approved schedules, the approval chain, the routes,
    the register of spokespersons."""
    return {
        "live": _live_pages(),
        "scheduled": set(
            Revision.objects.filter(approved_go_live_at__isnull=False).values_list("pk", "approved_go_live_at")
        ),
        "publish_log": PageLogEntry.objects.filter(
            action__in=["wagtail.publish", "wagtail.publish.scheduled", "wagtail.unpublish", "wagtail.schedule.cancel"]
        ).count(),
        "workflow_states": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "task_states": list(TaskState.objects.order_by("pk").values_list("pk", "status", "finished_by_id")),
        "signoffs": list(SignOff.objects.order_by("pk").values_list("pk", "user_id", "revision_id")),
        "workflow_pages": list(WorkflowPage.objects.order_by("page_id").values_list("page_id", "workflow_id")),
        "register": list(
            Spokesperson.objects.order_by("pk").values_list(
                "pk", "user_id", "title", "effective_from", "effective_until", "revoked_by_id", "revocation_reason"
            )
        ),
    }


def full_snapshot() -> dict:
    """Everything an action could touch: pages, revisions, workflow, sign-offs, routes and the logs."""
    return {
        "public": public_snapshot(),
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "draft_title", "slug", "live", "live_revision_id", "latest_revision_id", "locked"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "user_id", "approved_go_live_at")),
        "page_log": list(PageLogEntry.objects.order_by("pk").values_list("pk", "action")),
        "model_log": list(ModelLogEntry.objects.order_by("pk").values_list("pk", "action")),
    }
