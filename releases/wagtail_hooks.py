"""Admin wiring for releases: snippets, wire-text import and download, corrections."""

from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from releases.admin_views import (
    WIRE_TEXT_DOWNLOADED_ACTION,
    download_wire_text,
    import_release,
    may_download_wire_text,
    newsrooms_for_user,
)
from releases.correction_views import correct_release, may_correct
from releases.corrections import CORRECTION_STARTED_ACTION
from releases.models import Category, MediaContact, PressReleasePage


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Categories"
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


class MediaContactViewSet(SnippetViewSet):
    model = MediaContact
    icon = "user"
    menu_label = "Media contacts"
    list_display = ["name", "organisation", "phone", "email"]
    search_fields = ["name", "organisation"]


register_snippet(CategoryViewSet)
register_snippet(MediaContactViewSet)


# -- wire-text import (admin view in releases.admin_views) ---------------------


class ImportWireTextMenuItem(MenuItem):
    """Shown only to people who may add releases to a newsroom (the import creates one)."""

    def is_shown(self, request) -> bool:
        return bool(newsrooms_for_user(request.user))


@hooks.register("register_admin_urls")
def register_import_wire_text_url():
    return [path("releases/import/", import_release, name="releases_import_wire")]


@hooks.register("register_admin_menu_item")
def register_import_wire_text_menu_item():
    return ImportWireTextMenuItem("Import wire text", reverse("releases_import_wire"), icon_name="upload", order=250)


# -- corrections (releases.corrections, releases.correction_views) --------------


class CorrectReleaseButton(PageMenuItem):
    """ "Correct release…" on a live release, for whoever may edit it (the PR team)."""

    label = "Correct release…"
    icon_name = "edit"
    url_name = "releases_correct"

    def is_shown(self, user):
        page = self.page
        return page.live and isinstance(page.specific_deferred, PressReleasePage) and may_correct(user, page.specific)


@hooks.register("register_admin_urls")
def register_correct_release_url():
    return [path("releases/<int:page_id>/correct/", correct_release, name="releases_correct")]


@hooks.register("register_page_header_buttons")
def correct_release_header_button(page, user, view_name, next_url=None):
    yield CorrectReleaseButton(page=page, priority=64)


@hooks.register("register_page_listing_more_buttons")
def correct_release_listing_button(page, user, next_url=None):
    yield CorrectReleaseButton(page=page, priority=44)


@hooks.register("register_log_actions")
def register_correction_log_action(actions):
    actions.register_action(CORRECTION_STARTED_ACTION, "Correction started", "Started a correction of the live release")


# -- wire-text download (admin view in releases.admin_views) -------------------


class DownloadWireTextButton(PageMenuItem):
    """ "Download wire text" on every press release, for whoever may edit it or decide its workflow step.

    With `live`, "Download live wire text": offered only while the live text and the latest
    revision differ (otherwise the first button gives the same text).
    """

    label = "Download wire text"
    icon_name = "download"
    url_name = "releases_wire_text"

    def __init__(self, *args, live: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.live = live
        if live:
            self.label = "Download live wire text"

    @cached_property
    def url(self):
        url = reverse(self.url_name, args=[self.page.pk])
        return f"{url}?live=1" if self.live else url

    def is_shown(self, user):
        page = self.page.specific_deferred
        if not isinstance(page, PressReleasePage):
            return False
        if self.live and not (page.live and page.has_unpublished_changes):
            return False
        return may_download_wire_text(user, page)


@hooks.register("register_admin_urls")
def register_download_wire_text_url():
    return [path("releases/<int:page_id>/wire-text/", download_wire_text, name="releases_wire_text")]


@hooks.register("register_page_header_buttons")
def download_wire_text_header_buttons(page, user, view_name, next_url=None):
    yield DownloadWireTextButton(page=page, priority=67)
    yield DownloadWireTextButton(page=page, priority=68, live=True)


@hooks.register("register_page_listing_more_buttons")
def download_wire_text_listing_buttons(page, user, next_url=None):
    yield DownloadWireTextButton(page=page, priority=47)
    yield DownloadWireTextButton(page=page, priority=48, live=True)


class WireTextDownloadedFormatter(LogFormatter):
    """The page history says which text was taken: the live one or the latest revision."""

    label = "Wire text downloaded"

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("live"):
            return "Downloaded the live wire text"
        return "Downloaded the wire text of the latest revision"


@hooks.register("register_log_actions")
def register_wire_text_log_action(actions):
    actions.register_action(WIRE_TEXT_DOWNLOADED_ACTION)(WireTextDownloadedFormatter)
