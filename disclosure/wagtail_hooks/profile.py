"""Admin wiring of the company profile's two-person rule: the save that becomes a change, the list, the dashboard."""

from django.template.loader import render_to_string
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from disclosure import profile_changes
from disclosure.services import is_compliance
from disclosure.views.profile import (
    confirm_profile_change,
    intercept_profile_save,
    may_see,
    profile_changes_view,
    withdraw_profile_change,
)


class ProfileChangesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_see(request.user)


class ProfileChangesPanel(Component):
    """Dashboard (Disclosure Committee): the company profile changes waiting for a second person."""

    name = "disclosure_profile_changes"
    order = 60

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None) -> str:
        if not is_compliance(self.user):
            return ""
        waiting = list(profile_changes.pending())
        if not waiting:
            return ""
        return render_to_string(
            "disclosure/profile_changes_panel.html",
            {
                "waiting": [
                    {"change": c, "rows": profile_changes.rows(c), "mine": c.proposed_by_id == self.user.pk}
                    for c in waiting
                ],
                "list_url": reverse("disclosure_profile_changes"),
            },
        )


hooks.register("before_edit_setting", intercept_profile_save)


@hooks.register("register_admin_urls")
def register_profile_change_urls():
    return [
        path("disclosure/profile-changes/", profile_changes_view, name="disclosure_profile_changes"),
        path(
            "disclosure/profile-changes/<int:pk>/confirm/",
            confirm_profile_change,
            name="disclosure_profile_change_confirm",
        ),
        path(
            "disclosure/profile-changes/<int:pk>/withdraw/",
            withdraw_profile_change,
            name="disclosure_profile_change_withdraw",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_profile_changes_menu_item():
    return ProfileChangesMenuItem(
        "Company profile changes", reverse("disclosure_profile_changes"), icon_name="cog", order=150
    )


@hooks.register("construct_homepage_panels")
def add_profile_changes_panel(request, panels):
    panels.append(ProfileChangesPanel(request.user))
