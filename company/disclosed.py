"""The public page types the Disclosure Policy governs besides press releases: events, governance documents.

A page type that investors read as the company's disclosure (an earnings call's date, a charter,
the Code and its waivers) goes public the way a release does: only when a Disclosure Policy
workflow finishes approved, with the same guard, sign-off and signature rules. The page types
live in their own apps (events, governance), the rules in `disclosure`, which sits above them;
this mixin, at the bottom, is how a page type says it is one, and how the admin asks the
Disclosure Policy who may do what with it (IR_DISCLOSED_PAGE_PERMISSION_TESTER, and
IR_DISCLOSED_INDEX_PERMISSION_TESTER for the index pages under which they are created), without
the apps knowing how approval works. Unset (a bare Wagtail project), Wagtail's own tester applies.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.models import Page

_import_plugin = functools.cache(import_string)


class DisclosedPage:
    """Mixin for a Page subclass that goes public only through the Disclosure Policy workflow."""

    def permissions_for_user(self, user):
        path = getattr(settings, "IR_DISCLOSED_PAGE_PERMISSION_TESTER", None)
        return _import_plugin(path)(user, self) if path else super().permissions_for_user(user)


class DisclosedIndexPage:
    """Mixin for the index a disclosed page type is created under: nothing is created live under it."""

    def permissions_for_user(self, user):
        path = getattr(settings, "IR_DISCLOSED_INDEX_PERMISSION_TESTER", None)
        return _import_plugin(path)(user, self) if path else super().permissions_for_user(user)


def is_disclosed_page(page) -> bool:
    """Whether `page` (specific, or a base Page / listing row of one) is of a disclosed page type."""
    if isinstance(page, DisclosedPage):
        return True
    specific_class = getattr(page, "specific_class", None)
    return specific_class is not None and issubclass(specific_class, DisclosedPage)


def free_child_slug(parent, base: str) -> str:
    """`base`, or `base-2`, `base-3`…: the first slug no child of `parent` has (for a page drafted from a record)."""
    slug, n = base, 1
    while Page.objects.child_of(parent).filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def blank_if_empty(html: str) -> str:
    """'' for rich text with no text, image or embed in it (Draftail's empty `<p data-block-key="…"></p>`)."""
    if not html or re.search(r"<(img|embed|iframe)\b", html) or strip_tags(html).replace("&nbsp;", " ").strip():
        return html
    return ""


class DisclosedPageForm(WagtailAdminPageForm):
    """The admin form of a disclosed page type: an empty rich text field is stored empty.

    Draftail posts an untouched empty editor as `<p data-block-key="…"></p>` when a page is
    created and as nothing when it is edited, so the next form posted (a reviewer's "Review
    passed" in the editor) counts as a change, saves a revision in the reviewer's name and
    restarts the review, which that reviewer may then no longer decide (they last edited it).
    """

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, DraftailRichTextArea) and isinstance(cleaned.get(name), str):
                cleaned[name] = blank_if_empty(cleaned[name])
        return cleaned
