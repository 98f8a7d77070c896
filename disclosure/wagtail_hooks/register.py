"""Admin → Spokespersons: the register of authorized spokespersons, kept by the Disclosure Committee."""

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks
from wagtail.admin import messages
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosure.models import Spokesperson
from disclosure.services import DISCLOSURE_COMMITTEE, is_compliance, log_designation, revocation_recorded


class RegisterPermissionPolicy(BasePermissionPolicy):
    """Only the Disclosure Committee keeps the register; nobody deletes from it (superusers included)."""

    def user_has_permission(self, user, action):
        return action in ("add", "change", "view") and is_compliance(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions):
        if not set(actions) & {"add", "change", "view"}:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(is_active=True, is_superuser=False, groups__name=DISCLOSURE_COMMITTEE)
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class SpokespersonViewSet(SnippetViewSet):
    """Admin → Spokespersons: the register of authorized spokespersons, kept by the Disclosure Committee."""

    model = Spokesperson
    icon = "user"
    menu_label = "Spokespersons"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["user", "title", "effective_from", "effective_until", "designated_by", "revoked_by"]
    form_fields = [
        "user",
        "title",
        "effective_from",
        "historical_reason",
        "effective_until",
        "revocation_reason",
        "note",
    ]
    permission_policy = RegisterPermissionPolicy(Spokesperson)


register_snippet(SpokespersonViewSet)


@hooks.register("after_create_snippet")
def log_admin_designation(request, instance):
    if isinstance(instance, Spokesperson):
        log_designation(instance, by=request.user)


@hooks.register("after_edit_snippet")
def log_admin_revocation(request, instance):
    """Setting an end date through the admin is a revocation (the form records by whom): log it, void sign-offs."""
    if isinstance(instance, Spokesperson) and getattr(instance, "_register_revocation", False):
        revocation_recorded(instance, by=request.user)


@hooks.register("before_delete_snippet")
def refuse_register_delete(request, instances):
    """Nothing deletes a designation, the bulk action included (it asks has_perm, which a superuser passes)."""
    if any(isinstance(instance, Spokesperson) for instance in instances):
        messages.error(request, "A designation is never deleted: revoke it with a reason.")
        return redirect(reverse("wagtailsnippets_disclosure_spokesperson:list"))
    return None
