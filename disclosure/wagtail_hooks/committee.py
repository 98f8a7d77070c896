"""Admin wiring of the committee membership rule and the register's no-delete rule for users.

The admin answers each refusal with a
message and a redirect (never a 500); disclosure.committee's guards refuse the same changes
made by code.
"""

from django.contrib.auth import get_user_model
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from disclosure import committee
from disclosure.services import DISCLOSURE_COMMITTEE, is_compliance
from disclosure.views.committee import committee_membership, confirm_change, withdraw_change


class CommitteeMenuItem(MenuItem):
    """Shown to the Disclosure Committee only (the views refuse everyone else, superusers too)."""

    def is_shown(self, request) -> bool:
        return is_compliance(request.user)


@hooks.register("register_admin_urls")
def register_committee_urls():
    return [
        path("disclosure/committee/", committee_membership, name="disclosure_committee"),
        path("disclosure/committee/<int:pk>/confirm/", confirm_change, name="disclosure_committee_confirm"),
        path("disclosure/committee/<int:pk>/withdraw/", withdraw_change, name="disclosure_committee_withdraw"),
    ]


@hooks.register("register_admin_menu_item")
def register_committee_menu_item():
    return CommitteeMenuItem("Committee membership", reverse("disclosure_committee"), icon_name="group", order=255)


def _kept_on_record(user) -> str:
    """Why this account cannot be deleted, or "": committee members and anyone the records point to stay."""
    if committee.is_member(user):
        return f"{user.get_username()} is on the Disclosure Committee: a confirmed removal comes first."
    try:
        Collector(using="default").collect([user])
    except (ProtectedError, RestrictedError):
        return f"{user.get_username()} appears in the Disclosure Policy's records (register, sign-offs, notices)."
    return ""


def _refuse(request, text):
    messages.error(request, text)
    return redirect(reverse("wagtailusers_users:index"))


@hooks.register("before_delete_user")
def refuse_deleting_people_on_record(request, user):
    reason = _kept_on_record(user)
    return _refuse(request, f"{reason} Deactivate the account instead.") if reason else None


@hooks.register("before_bulk_action")
def refuse_bulk_committee_changes(request, action_type, objects, action_class_instance):
    """Admin → Users bulk actions: "Assign role" never adds to the committee; "Delete" keeps people on record."""
    if getattr(action_class_instance, "model", None) is not get_user_model():
        return None
    if action_type == "assign_role":
        role = action_class_instance.cleaned_form.cleaned_data.get("role")
        if role is not None and role.name == DISCLOSURE_COMMITTEE:
            return _refuse(request, "Disclosure Committee membership changes only through Committee membership.")
    if action_type == "delete":
        for user in objects:
            reason = _kept_on_record(user)
            if reason:
                return _refuse(request, f"{reason} Deactivate the account instead.")
    return None
