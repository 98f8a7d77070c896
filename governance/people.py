"""Which people the public sees, for the layers that decide what files may be served (disclosure.files).

Images have no privacy of their own (../shared/WAGTAIL.md): the site serves an image only once
something public shows it. A person's photo is shown by the board page (directors) or the
management page (executive officers) while that page is live and public, and only the photo that
page's live revision shows: the values frozen into it (governance.models.shown), not the Person
snippet's photo of the moment. A new director not yet announced, or a new portrait uploaded for
the next revision, is not public until that revision is approved and published.
"""

from __future__ import annotations

from governance.models import BoardMember, BoardPage, ManagementMember, ManagementPage


def photo_shown_publicly(image_id) -> bool:
    """True when `image_id` is a photo a live, public board or management page shows (its frozen copy).

    The same queries whatever the answer, so a refusal takes as long as for an id no image has.
    """
    on_board = BoardMember.objects.filter(photo_id=image_id, page__in=BoardPage.objects.live().public().values("pk"))
    on_management = ManagementMember.objects.filter(
        photo_id=image_id, page__in=ManagementPage.objects.live().public().values("pk")
    )
    return on_board.exists() | on_management.exists()  # both asked, always (not `or`)
