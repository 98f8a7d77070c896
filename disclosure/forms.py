"""Admin form for the spokesperson register: the same rules as disclosure.services."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm


class SpokespersonForm(WagtailAdminModelForm):
    """A designation is never moved, reinstated or ended without a reason.

    The register must show who could approve at any moment, so an existing row keeps
    its person and start; ending it needs a reason; an ended row stays ended (designate
    the person again instead).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self._original = (instance.user_id, instance.effective_from, instance.effective_until) if instance.pk else None

    def clean(self):
        cleaned = super().clean()
        if self._original is None:
            if cleaned.get("effective_until") or (cleaned.get("revocation_reason") or "").strip():
                raise ValidationError("A new designation starts in force; end it later by revoking it with a reason.")
            return cleaned
        user_id, effective_from, effective_until = self._original
        user = cleaned.get("user")
        if user is not None and user.pk != user_id:
            self.add_error("user", "A designation cannot be moved to another person: revoke it and designate anew.")
        if cleaned.get("effective_from") != effective_from:
            self.add_error("effective_from", "The start of a designation is part of the record and cannot change.")
        new_until = cleaned.get("effective_until")
        if effective_until is not None and new_until != effective_until:
            self.add_error("effective_until", "An ended designation cannot be reinstated or changed: designate anew.")
        elif effective_until is None and new_until is not None and not (cleaned.get("revocation_reason") or "").strip():
            self.add_error("revocation_reason", "Give the reason for revoking the designation.")
        return cleaned
