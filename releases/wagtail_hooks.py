"""Admin wiring for releases: snippets and the wire-text import view."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from releases.admin_views import import_release, newsrooms_for_user
from releases.models import Category, MediaContact


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
