"""Embargoed files: a document or image is public only once a live, public page uses it.

Wagtail serves a document by URL from the moment it is uploaded (``/documents/<id>/<name>``)
and images have no privacy at all (plain media files). Both URLs are guessable (sequential
ids, the uploader's file names), so an attachment uploaded for tomorrow's results release
would be a leak today. Here:

- Documents are served only through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD =
  "serve_view"); its ``before_serve_document`` hook answers 404 for a document no live,
  public page uses yet.
- Media files (``/media/...``: image originals and renditions) are served only by
  ``serve_media``, with the same rule; anything else under ``/media/`` (documents' own
  files included) is 404. The front web server must not serve MEDIA_ROOT itself.
- Admin users (the PR team reviewing a draft, approvers) see every file.

"Uses" is Wagtail's reference index: a page's attachments, document and image blocks and
rich-text links, recorded against the page. A page's row holds its live content once it
is published (drafts live in revisions), so a file added by a draft of a live release stays
private until that draft is approved and published. The 404 is Django's own, the same
bytes as for a file that never existed.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from disclosure.signature import matches_signed


def can_see_unreleased(user) -> bool:
    """People working in the admin may open files of releases not yet public."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("wagtailadmin.access_admin")


def is_public_file(obj) -> bool:
    """True when a live page without view restrictions uses `obj` (a document or an image), and the file
    is still exactly what the sign-offs of the releases among those pages covered (disclosure.signature)."""
    page_type = ContentType.objects.get_for_model(Page)
    users = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type).values("object_id")
    live_public = Page.objects.live().public().annotate(pk_text=Cast("pk", CharField()))
    shown_by = list(live_public.filter(pk_text__in=users).values_list("pk", flat=True)[:50])
    return bool(shown_by) and matches_signed(obj, shown_by)


def withhold_unreleased_document(document, request):
    """before_serve_document: 404 for a document that is not public yet (identical to a missing one)."""
    if can_see_unreleased(request.user) or is_public_file(document):
        return None
    raise Http404("No document matches the given query.")


def _image_for_media_path(path: str):
    Image = get_image_model()
    if path.startswith("original_images/"):
        return Image.objects.filter(file=path).first()
    if path.startswith("images/"):
        rendition = Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
        return rendition.image if rendition else None
    return None


@require_safe
def serve_media(request, path: str):
    """``/media/<path>``: an image original or rendition, once it may be public."""
    normalised = posixpath.normpath(path)
    if normalised != path or normalised.startswith(("/", "..")):
        raise Http404("No such file.")
    image = _image_for_media_path(path)
    if image is None:
        raise Http404("No such file.")
    public = is_public_file(image)
    if not public and not can_see_unreleased(request.user):
        raise Http404("No such file.")
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("No such file.") from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(path)[0] or "application/octet-stream")
    if public:
        patch_cache_control(response, public=True, max_age=300)
    else:  # an embargoed image seen in the admin: no shared cache may keep it
        patch_cache_control(response, private=True, no_store=True)
    return response
