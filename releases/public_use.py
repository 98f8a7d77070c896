"""Whether the public can see an object: a document, an image, a category, a media contact.

Two rules lean on it. The embargo (disclosure/files.py) serves a file only once a live,
public page uses it. The feeds generation (releases/signals.py) moves only when something
the public sees changes: an upload, a draft, a category made for tomorrow's release must
not move the feeds' Last-Modified or empty the response cache, since a reader watching
those would learn that something is being prepared.

"Uses" is Wagtail's reference index for files (a page's attachments, image and document
blocks and rich-text links, recorded against the page's own row, which holds its live
content once it is published) and the release's own rows for categories and contacts.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model
from django.db.models.functions import Cast

from wagtail.models import Page, ReferenceIndex

from releases.models import Category, MediaContact
from releases.models.pages import live_releases


def referenced_by_live_public_page(model: type[Model], object_id) -> bool:
    """True when a live page without view restrictions refers to the `model` row with this id.

    Takes an id rather than an instance so that a caller refusing an id that does not exist
    can run the very same query as for one that does (disclosure.files: the same time to refuse).
    """
    page_type = ContentType.objects.get_for_model(Page)
    live_public = Page.objects.live().public().annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    return ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model),
        to_object_id=str(object_id),
        base_content_type=page_type,
        object_id__in=live_public,
    ).exists()


def is_public(obj: Model) -> bool:
    """What a reader could see of `obj` changes when it changes (see the module docstring)."""
    if isinstance(obj, Category):
        return live_releases().filter(categories=obj).exists()
    if isinstance(obj, MediaContact):
        return live_releases().filter(contacts__contact=obj).exists()
    return referenced_by_live_public_page(type(obj), obj.pk)
