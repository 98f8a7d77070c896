"""Admin wiring for releases: snippets and the wire-text import view."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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

from django.urls import path, reverse  # noqa: E402

from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402


class ImportWireTextMenuItem(MenuItem):
    """Shown only to people who may add releases to a newsroom (the import creates one)."""

    def is_shown(self, request) -> bool:
        from releases.admin_views import newsrooms_for_user  # no cycle: could be top-level (issue 15)

        return bool(newsrooms_for_user(request.user))


@hooks.register("register_admin_urls")
def register_import_wire_text_url():
    from releases.admin_views import import_release  # no cycle: could be top-level (issue 15)

    return [path("releases/import/", import_release, name="releases_import_wire")]


@hooks.register("register_admin_menu_item")
def register_import_wire_text_menu_item():
    return ImportWireTextMenuItem("Import wire text", reverse("releases_import_wire"), icon_name="upload", order=250)
