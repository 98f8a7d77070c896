"""Admin → Audit trail: its admin URLs (the trail, the head seal export), its menu item, and the
dashboard alert when the chain failed verification."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from disclosure.audit_alert import AuditChainAlertPanel
from disclosure.services import is_compliance
from disclosure.views.audit import audit_head, audit_trail


class AuditTrailMenuItem(MenuItem):
    """Shown to the Disclosure Committee only (the view refuses everyone else, superusers too)."""

    def is_shown(self, request) -> bool:
        return is_compliance(request.user)


@hooks.register("register_admin_urls")
def register_audit_trail_url():
    return [
        path("disclosure/audit/", audit_trail, name="disclosure_audit"),
        path("disclosure/audit/head/", audit_head, name="disclosure_audit_head"),
    ]


@hooks.register("register_admin_menu_item")
def register_audit_trail_menu_item():
    return AuditTrailMenuItem("Audit trail", reverse("disclosure_audit"), icon_name="history", order=260)


@hooks.register("construct_homepage_panels")
def add_audit_chain_alert_panel(request, panels):
    panels.append(AuditChainAlertPanel(request.user))
