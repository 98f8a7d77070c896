"""Which people the public sees, for the layers that decide what files may be served (disclosure.files).

Images have no privacy of their own (../shared/WAGTAIL.md): the site serves an image only once
something public shows it. A person's photo is shown by the board page (directors) or the
management page (executive officers) while that page is live and public; until then (a new
director not yet announced, say) the photo is not public either.
"""

from __future__ import annotations

from django.db.models import Exists, Q

from governance.models import BoardPage, ManagementPage, Person, PersonRole


def photo_shown_publicly(image_id) -> bool:
    """True when `image_id` is the photo of a person a live, public board or management page lists.

    The same queries whatever the answer, so a refusal takes as long as for an id no image has.
    """
    on_board = Exists(BoardPage.objects.live().public().values("pk"))
    on_management = Exists(ManagementPage.objects.live().public().values("pk"))
    directors = Q(role__in=[PersonRole.DIRECTOR, PersonRole.BOTH])
    officers = Q(role__in=[PersonRole.EXECUTIVE, PersonRole.BOTH])
    return (
        Person.objects.filter(photo_id=image_id)
        .annotate(on_board=on_board, on_management=on_management)
        .filter((directors & Q(on_board=True)) | (officers & Q(on_management=True)))
        .exists()
    )
