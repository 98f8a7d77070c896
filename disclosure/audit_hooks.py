"""Admin wiring of the audit trail and the notices: admin URL, menu item, dashboard panel, signals.

Imported from the end of disclosure/wagtail_hooks.py, so it loads when Wagtail first looks for
hooks (the admin URLconf, the log action registry). connect_signals() is idempotent; an
AppConfig.ready() may call it too so that processes that never look for hooks (a management
command such as publish_scheduled) still send the notices and record re-approvals.
"""

from django.db.models.signals import post_save
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Revision

from disclosure import audit, notifications
from disclosure.services import is_compliance


class AuditTrailMenuItem(MenuItem):
    """Shown to the Disclosure Committee only (the view refuses everyone else, superusers too)."""

    def is_shown(self, request) -> bool:
        return is_compliance(request.user)


@hooks.register("register_admin_urls")
def register_audit_trail_url():
    from disclosure.views import audit_trail

    return [path("disclosure/audit/", audit_trail, name="disclosure_audit")]


@hooks.register("register_admin_menu_item")
def register_audit_trail_menu_item():
    return AuditTrailMenuItem("Audit trail", reverse("disclosure_audit"), icon_name="history", order=260)


@hooks.register("construct_homepage_panels")
def add_awaiting_signoff_panel(request, panels):
    from disclosure.panels import AwaitingSignOffPanel

    panels.append(AwaitingSignOffPanel(request.user))


def connect_signals() -> None:
    post_save.connect(audit.record_reapproval_required, sender=Revision, dispatch_uid="disclosure-reapproval-required")
    notifications.connect_signals()


connect_signals()
