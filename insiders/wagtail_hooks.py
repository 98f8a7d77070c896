"""Admin → Insider lists: URLs, the committee's menu item, and the editor hook that records access."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from disclosure.services import is_compliance
from insiders import views
from insiders.recording import opened_in_editor


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
    ]


@hooks.register("register_admin_menu_item")
def register_insider_menu_item():
    return InsiderListsMenuItem("Insider lists", reverse("insiders_index"), icon_name="group", order=265)


@hooks.register("before_edit_page")
def record_editor_opened(request, page):
    opened_in_editor(request, page)
