"""Dashboard panel for the Disclosure Committee when the last verification of the audit chain failed."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.admin.ui.components import Component

from disclosure.audit_chain import last_verification
from disclosure.services import is_compliance


class AuditChainAlertPanel(Component):
    name = "disclosure_audit_chain_alert"
    order = 10  # above everything else on the dashboard

    def __init__(self, user):
        self.verification = last_verification() if is_compliance(user) else None

    def render_html(self, parent_context=None) -> str:
        if self.verification is None or self.verification.intact:
            return ""
        return render_to_string(
            "disclosure/audit_chain_alert.html",
            {"verification": self.verification, "audit_url": reverse("disclosure_audit")},
        )
