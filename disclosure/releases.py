"""The pages the Disclosure Policy governs: how a hook, a rule or a view recognises a press release."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from wagtail.models import Page

from company.disclosed import is_disclosed_page
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


def release_or_404(page_id: int, refusal: str) -> PressReleasePage:
    """The press release with this page id, or 404 with `refusal` (other pages have no such decision)."""
    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, PressReleasePage):
        raise Http404(refusal)
    return page
