"""Embargoed files: a document or image is public only once a live, public page uses it.

Wagtail serves a document by URL from the moment it is uploaded (``/documents/<id>/<name>``)
and images have no privacy at all (plain media files). Both URLs are guessable (sequential
ids, the uploader's file names), so an attachment uploaded for tomorrow's results release
would be a leak today. Here:

- Documents are served only through Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD =
  "serve_view"), behind ``serve_document`` (``/documents/<id>/<name>``), which answers 404
  for a document no live, public page uses yet; a ``before_serve_document`` hook says the same
  to any other way into Wagtail's view.
- Media files (``/media/...``: image originals and renditions) are served only by
  ``serve_media``, with the same rule; anything else under ``/media/`` (documents' own
  files included) is 404. The front web server must not serve MEDIA_ROOT itself.
- Admin users (the PR team reviewing a draft, approvers) see every file, with
  ``Cache-Control: private, no-store``; those who must use two-factor authentication only
  once their session has confirmed it. Public files are ``public`` with a short browser
  ``max-age`` (IR_PUBLIC_FILE_MAX_AGE) and the pages' CDN ``s-maxage``: a withdrawal purges
  them (disclosure/file_purge.py).
- A refusal costs the same time as for a file that never existed: the same queries run.

"Uses" is Wagtail's reference index: a page's attachments, document and image blocks and
rich-text links, recorded against the page. A page's row holds its live content once it
is published (drafts live in revisions), so a file added by a draft of a live release stays
private until that draft is approved and published. The 404 is Django's own, the same
bytes as for a file that never existed.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import default_storage
from django.dispatch import Signal
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from accounts.two_factor import needs_second_factor
from disclosure.signature import matches_signed
from governance.people import photo_shown_publicly
from releases.public_use import referenced_by_live_public_page

# Sent when an embargoed document or image is served to an admin user (user=, obj=): the insider
# list records their access to the unpublished releases that show it.
unreleased_file_served = Signal()

# Refusals of ids and paths that do not exist run the same query as for an embargoed file,
# against an id no row has (see serve_document and serve_media).
_NO_SUCH_ID = "0"


def can_see_unreleased(user) -> bool:
    """People working in the admin may open files of releases not yet public.

    Those who must confirm their admin sessions with a second factor (accounts.two_factor)
    only once this session has: with a password alone they see what the public sees.
    """
    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return not needs_second_factor(user) or user.is_verified()


def is_public_file(obj) -> bool:
    """True when a live page without view restrictions uses `obj` (a document or an image), and the file
    is still exactly what the sign-offs of the releases among those pages covered (disclosure.signature)."""
    return referenced_by_live_public_page(type(obj), obj.pk) and matches_signed(obj)


def public_file_headers(response: HttpResponse) -> None:
    """A public file: browsers keep it briefly, CDNs longer (a withdrawal purges it, disclosure.file_purge)."""
    patch_cache_control(
        response, public=True, max_age=settings.IR_PUBLIC_FILE_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE
    )


def private_file_headers(response: HttpResponse) -> None:
    """A file not public yet, seen by an admin user: no cache anywhere may keep it."""
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_store=True)


def _in_restricted_collection(document) -> bool:
    collections = document.collection.get_ancestors(inclusive=True)
    return CollectionViewRestriction.objects.filter(collection__in=collections).exists()


@require_safe
def serve_document(request, document_id: int, document_filename: str):
    """``/documents/<id>/<name>``: Wagtail's serve view, behind the embargo and with cache headers.

    The refusal comes first and costs the same for an embargoed document as for an id that
    never existed: one lookup of the row and one reference-index query, whichever the case
    (Wagtail's own view would look up the collection's restrictions for a real document only,
    and then our hook: a difference an outsider can time).
    """
    Document = get_document_model()
    # Only the stored name, not a model instance: building one is work an unknown id skips.
    row_id = int(document_id)  # Django answers an id past the column's range with no row, not an error
    stored = Document.objects.filter(pk=row_id).values_list("file", flat=True).first()
    public = referenced_by_live_public_page(Document, row_id if stored is not None else _NO_SUCH_ID)
    if stored is None or posixpath.basename(stored) != document_filename:
        raise Http404("No document matches the given query.")
    if not public and not can_see_unreleased(request.user):
        raise Http404("No document matches the given query.")
    document = Document.objects.get(pk=row_id)
    if public and not matches_signed(document):  # changed behind the admin since its release signed it
        public = False
        if not can_see_unreleased(request.user):
            raise Http404("No document matches the given query.")
    request._ir_document_checked = document.pk  # our before_serve_document hook need not ask again
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code not in (200, 304):  # a collection's password or login page
        return response
    if public and not _in_restricted_collection(document):
        public_file_headers(response)
    else:
        private_file_headers(response)
    if not public:
        unreleased_file_served.send(sender=Document, user=request.user, obj=document)
    return response


def withhold_unreleased_document(document, request):
    """before_serve_document: 404 for a document that is not public yet (identical to a missing one).

    serve_document has decided already for the documents URL; this stays for any other way to
    Wagtail's serve view.
    """
    if getattr(request, "_ir_document_checked", None) == document.pk:
        return None
    if can_see_unreleased(request.user) or is_public_file(document):
        return None
    raise Http404("No document matches the given query.")


def _image_for_media_path(path: str) -> tuple[int | None, bool]:
    """The id of the image whose original or rendition is at `path` (or None), and whether it is public.

    The same queries whether or not there is one, and no model instance built either way.
    """
    Image = get_image_model()
    if path.startswith("original_images/"):
        image_id = Image.objects.filter(file=path).values_list("pk", flat=True).first()
    elif path.startswith("images/"):
        image_id = Image.get_rendition_model().objects.filter(file=path).values_list("image_id", flat=True).first()
    else:
        return None, False
    probe = image_id if image_id is not None else _NO_SUCH_ID
    # Both asked every time (the same queries whatever the answer): a page that uses it, or the
    # photo of a person a live public board or management page lists (a snippet, not a page).
    on_page = referenced_by_live_public_page(Image, probe)
    return image_id, photo_shown_publicly(probe) or on_page


@require_safe
def serve_media(request, path: str):
    """``/media/<path>``: an image original or rendition, once it may be public.

    An image not public yet is refused after the same queries as a path no image has.
    """
    normalised = posixpath.normpath(path)
    if normalised != path or normalised.startswith(("/", "..")):
        raise Http404("No such file.")
    image_id, public = _image_for_media_path(path)
    if image_id is None:
        raise Http404("No such file.")
    if public and not matches_signed(get_image_model().objects.get(pk=image_id)):
        public = False  # changed behind the admin since its release signed it
    if not public and not can_see_unreleased(request.user):
        raise Http404("No such file.")
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("No such file.") from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(path)[0] or "application/octet-stream")
    if public:
        public_file_headers(response)
    else:  # an embargoed image seen in the admin: no shared cache may keep it
        private_file_headers(response)
        Image = get_image_model()
        unreleased_file_served.send(sender=Image, user=request.user, obj=Image.objects.get(pk=image_id))
    return response
