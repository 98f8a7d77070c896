"""Admin → Insider lists: URLs, the committee's menu item, and the editor hook that records access."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from disclosure.services import is_compliance
from insiders import preview_views, previews, views
from insiders.models import PressPreview
from insiders.recording import opened_in_editor
from releases.models import PressReleasePage


class InsiderListsMenuItem(MenuItem):
    """Shown to the Disclosure Committee only (the views refuse everyone else, superusers too)."""

    def is_shown(self, request) -> bool:
        return is_compliance(request.user)


@hooks.register("register_admin_urls")
def register_insider_urls():
    return [
        path("insiders/", views.index, name="insiders_index"),
        path("insiders/release/<int:page_id>/", views.release_list, name="insiders_release"),
        path("insiders/permanent/", views.permanent, name="insiders_permanent"),
        path("insiders/permanent/<int:entry_id>/remove/", views.permanent_remove, name="insiders_permanent_remove"),
        path("insiders/person/<int:insider_id>/", views.person, name="insiders_person"),
        path("insiders/press-previews/<int:page_id>/", preview_views.send, name="insiders_press_previews"),
        path(
            "insiders/press-previews/revoke/<int:preview_id>/",
            preview_views.revoke,
            name="insiders_press_preview_revoke",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_insider_menu_item():
    return InsiderListsMenuItem("Insider lists", reverse("insiders_index"), icon_name="group", order=265)


@hooks.register("before_edit_page")
def record_editor_opened(request, page):
    opened_in_editor(request, page)


class PressPreviewButton(PageMenuItem):
    """ "Press previews" on a scheduled release, for spokespersons and the committee."""

    label = "Press previews"
    icon_name = "mail"
    url_name = "insiders_press_previews"

    def is_shown(self, user):
        page = self.page
        if page.live or not isinstance(page.specific_deferred, PressReleasePage) or not previews.may_send(user):
            return False
        return previews.scheduled_revision(page) is not None or PressPreview.objects.filter(release_id=page.pk).exists()


@hooks.register("register_page_header_buttons")
def press_preview_header_button(page, user, view_name, next_url=None):
    yield PressPreviewButton(page=page, priority=66)


@hooks.register("register_page_listing_more_buttons")
def press_preview_listing_button(page, user, next_url=None):
    yield PressPreviewButton(page=page, priority=46)
