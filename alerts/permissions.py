"""Who may do what in Admin → E-mail alerts: four Django model permissions, granted per group.

Reading the subscribers (view_subscriber), exporting them (export_subscriber), erasing one on
request (delete_subscriber), and reading the alerts and the outbox (view_alert). There is no add
or change permission to give: the admin edits neither a subscriber nor a consent record, so the
record of consent stays what the person did with their own links.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from alerts.models import Alert, Subscriber

VIEW_SUBSCRIBER = "view_subscriber"
EXPORT_SUBSCRIBER = "export_subscriber"
DELETE_SUBSCRIBER = "delete_subscriber"
VIEW_ALERT = "view_alert"

READ = ((Subscriber, VIEW_SUBSCRIBER), (Subscriber, EXPORT_SUBSCRIBER), (Alert, VIEW_ALERT))
ERASE = ((Subscriber, DELETE_SUBSCRIBER),)


def alert_admin_permissions(*, erase: bool) -> QuerySet[Permission]:
    """The Permission rows of the alert admin: reading and exporting, and erasing when `erase`."""
    wanted = READ + (ERASE if erase else ())
    types = ContentType.objects.get_for_models(*{model for model, _ in wanted})
    match = Q(pk__in=[])
    for model, codename in wanted:
        match |= Q(content_type=types[model], codename=codename)
    return Permission.objects.filter(match)


def grant_alert_admin(group: Group, *, erase: bool) -> None:
    """Let `group` read the subscribers and alerts and export the list; erase on request too when `erase`.

    Only adds: a group that could erase keeps that permission until it is taken away in Groups.
    """
    group.permissions.add(*alert_admin_permissions(erase=erase))
