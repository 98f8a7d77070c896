"""Admin → E-mail alerts: its URLs, its menu (each item shown to whoever its view lets in), its log
actions, and its four permissions in the group editor."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import LogFormatter

from alerts import admin_views as views
from alerts.permissions import VIEW_ALERT, VIEW_SUBSCRIBER, alert_admin_permissions
from alerts.sending import SENT_ACTION, STOPPED_ACTION


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with the permission its view requires."""

    def __init__(self, label, url, *, permission: str, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = f"alerts.{permission}"

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


class OutboxMenuItem(PermissionMenuItem):
    """Only where the site writes its mail to files instead of an SMTP server."""

    def is_shown(self, request) -> bool:
        return views.outbox_enabled() and super().is_shown(request)


class ErasedFormatter(LogFormatter):
    label = "Alert subscriber erased"

    def format_message(self, log_entry) -> str:
        return "Erased an e-mail alert subscriber on request; the record of consent is kept under its digest"

    def format_comment(self, log_entry) -> str:
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_admin_urls")
def register_alert_admin_urls():
    return [
        path("alerts/subscribers/", views.SubscriberIndexView.as_view(), name="alerts_subscribers"),
        path(
            "alerts/subscribers/results/",
            views.SubscriberIndexView.as_view(results_only=True),
            name="alerts_subscribers_results",
        ),
        path("alerts/subscribers/export/", views.ExportView.as_view(), name="alerts_subscribers_export"),
        path("alerts/subscribers/<int:pk>/", views.SubscriberView.as_view(), name="alerts_subscriber"),
        path("alerts/subscribers/<int:pk>/erase/", views.EraseView.as_view(), name="alerts_subscriber_erase"),
        path("alerts/suppressed/", views.SuppressedIndexView.as_view(), name="alerts_suppressed"),
        path("alerts/tombstones/", views.TombstoneView.as_view(), name="alerts_tombstones"),
        path("alerts/alerts/", views.AlertIndexView.as_view(), name="alerts_alerts"),
        path("alerts/outbox/", views.OutboxView.as_view(), name="alerts_outbox"),
        path("alerts/outbox/<str:name>/", views.OutboxMessageView.as_view(), name="alerts_outbox_message"),
    ]


@hooks.register("register_admin_menu_item")
def register_alert_menu_item():
    items = [
        PermissionMenuItem("Alerts", reverse("alerts_alerts"), permission=VIEW_ALERT, icon_name="mail", order=100),
        PermissionMenuItem(
            "Subscribers", reverse("alerts_subscribers"), permission=VIEW_SUBSCRIBER, icon_name="group", order=200
        ),
        PermissionMenuItem(
            "Suppression list", reverse("alerts_suppressed"), permission=VIEW_SUBSCRIBER, icon_name="warning", order=300
        ),
        PermissionMenuItem(
            "Tombstones", reverse("alerts_tombstones"), permission=VIEW_SUBSCRIBER, icon_name="search", order=400
        ),
        OutboxMenuItem("Outbox", reverse("alerts_outbox"), permission=VIEW_ALERT, icon_name="folder-open-1", order=500),
    ]
    return SubmenuMenuItem("E-mail alerts", Menu(items=items), icon_name="mail", order=270)


@hooks.register("register_log_actions")
def register_alert_log_actions(actions):
    actions.register_action(
        views.SUBSCRIBERS_EXPORTED, "Alert subscribers exported", "Exported the e-mail alert subscribers"
    )
    actions.register_action(views.SUBSCRIBER_ERASED)(ErasedFormatter)
    # On the release: its alert's outcome (alerts/sending.py), with the counts per status in the data.
    actions.register_action(SENT_ACTION, "Alert sent", "E-mail alert sent to its subscribers")
    actions.register_action(STOPPED_ACTION, "Alert stopped", "E-mail alert stopped: the release was withdrawn")


@hooks.register("register_permissions")
def register_alert_permissions():
    return alert_admin_permissions(erase=True)
