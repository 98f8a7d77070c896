"""The pages the Disclosure Policy governs: how a hook, a rule or a view recognises a release or other one."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404

from wagtail.models import Page

from company.disclosed import DisclosedPage, is_disclosed_page
from releases.models import PressReleasePage


def is_release(page) -> bool:
    """Whether `page` is a press release: the specific page, or a base Page (or listing row) of one."""
    if isinstance(page, PressReleasePage):
        return True
    specific_class = getattr(page, "specific_class", None)
    return specific_class is not None and issubclass(specific_class, PressReleasePage)


def is_disclosed(page) -> bool:
    """Whether `page` goes public only through the Disclosure Policy: a release, an event, a governance document."""
    return is_release(page) or is_disclosed_page(page)


def disclosed_content_type_ids() -> list[int]:
    """Content type ids of press releases and the other disclosed page types (company.disclosed)."""
    models = [model for model in apps.get_models() if model is PressReleasePage or issubclass(model, DisclosedPage)]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def disclosed_or_404(page_id: int, refusal: str) -> Page:
    """The disclosed page (specific) with this page id, or 404 with `refusal` (other pages have no such decision)."""
    page = get_object_or_404(Page, id=page_id).specific
    if not is_disclosed(page):
        raise Http404(refusal)
    return page


def kind_of(page) -> str:
    """What the page is, in words: "press release", "event", "governance document"."""
    model = getattr(page, "specific_class", None) or type(page)
    return str(model._meta.verbose_name)


def release_or_404(page_id: int, refusal: str) -> PressReleasePage:
    """The press release with this page id, or 404 with `refusal` (other pages have no such decision)."""
    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, PressReleasePage):
        raise Http404(refusal)
    return page
