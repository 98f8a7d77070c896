"""A withdrawal takes the release's files off the CDN too.

Public documents and images are kept by CDNs like pages (disclosure/files.py:
``s-maxage``); once the release that made them public is withdrawn they answer 404 here,
and the CDN must forget its copies at once, as it forgets the release's page
(releases/signals.py purges that and the listings). Every document and image the page
uses is purged: the document's URL, the image's original and every rendition made of it.
A file another live page still uses is purged as well; the CDN fetches it again.
"""

from __future__ import annotations

from django.conf import settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signals import page_unpublished


def file_urls(page) -> list[str]:
    """Absolute URLs of every document and image `page` uses (image originals and renditions)."""
    site = page.get_site()
    if site is None:
        return []
    root = site.root_url
    Document, Image = get_document_model(), get_image_model()
    references = ReferenceIndex.get_references_for_object(page)

    def ids_of(model) -> list[int]:
        rows = references.filter(to_content_type=ReferenceIndex._get_base_content_type(model))
        return [int(value) for value in rows.values_list("to_object_id", flat=True) if value.isdigit()]

    urls = [root + document.url for document in Document.objects.filter(pk__in=ids_of(Document))]
    for image in Image.objects.filter(pk__in=ids_of(Image)).prefetch_related("renditions"):
        urls.append(root + image.file.url)
        urls.extend(root + rendition.url for rendition in image.renditions.all())
    return sorted(set(urls))


def purge_withdrawn_files(sender, instance, **kwargs) -> None:
    """page_unpublished (a withdrawal, or any page taken down): purge its files from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured

    urls = file_urls(instance)
    if urls:
        PurgeBatch(urls).purge()


def connect_file_purge() -> None:
    """Called once from DisclosureConfig.ready()."""
    page_unpublished.connect(purge_withdrawn_files, dispatch_uid="cdn-purge-withdrawn-files")
