"""Correcting a live release in tests, as the PR team and the spokespersons do it in the admin."""

from releases.corrections import start_correction
from releases.models import PressReleasePage
from tests.support.workflow import approve_all

FIRST_NOTE = "In the first paragraph, the amount raised should read $2,937,750, not $2,397,750, as previously stated."


def corrected(page, roles, *, note=FIRST_NOTE, body_text="Example Corp. today announced it raised $2,937,750."):
    """Start a correction as the drafter, change the body, and take it through the whole workflow."""
    start_correction(page, roles["drafter"], note)
    draft = PressReleasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.body = [("paragraph", f"<p>{body_text}</p>")]
    return approve_all(draft, roles)
