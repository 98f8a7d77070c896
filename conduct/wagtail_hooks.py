"""Admin → Code of Conduct: its URLs, its menu group, its log actions, its dashboard panels and buttons.

The "Code of Conduct" menu group is shared by the parts of the app: each part adds the factories
of its menu items to CODE_OF_CONDUCT_MENU under its own heading below; the one hook at the end
builds the group from them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from company.dashboard import RowsPanel
from conduct import admin_views, certification, certification_views, quiet_period_views, quiet_periods, waivers
from conduct.models import CodeWaiverDisclosurePage, CodeWaiverIndexPage

# Factories (called per request) of the items of Admin → Code of Conduct, each with its `order`.
CODE_OF_CONDUCT_MENU: list = []


class CommitteeMenuItem(MenuItem):
    """Shown to the Disclosure Committee only (the views refuse everyone else, superusers too)."""

    def is_shown(self, request) -> bool:
        return waivers.is_committee_member(request.user)


# -- exceptions and waivers ---------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_waiver_urls():
    return [
        path("conduct/waivers/", admin_views.register, name="conduct_waivers"),
        path("conduct/waivers/export.csv", admin_views.export, name="conduct_waivers_export"),
        path("conduct/waivers/new/", admin_views.new, name="conduct_waiver_new"),
        path("conduct/waivers/<int:pk>/", admin_views.detail, name="conduct_waiver"),
        path("conduct/waivers/<int:pk>/decide/", admin_views.decide, name="conduct_waiver_decide"),
        path("conduct/waivers/<int:pk>/form-8k/", admin_views.form_8k, name="conduct_waiver_form_8k"),
        path("conduct/waivers/<int:pk>/draft/", admin_views.draft, name="conduct_waiver_draft"),
        path("conduct/waivers/<int:pk>/correct/", admin_views.correct, name="conduct_waiver_correct"),
        path("conduct/waivers/disclosure/<int:page_id>/archive/", admin_views.archive, name="conduct_waiver_archive"),
    ]


CODE_OF_CONDUCT_MENU.append(
    lambda: CommitteeMenuItem(
        "Exceptions and waivers", reverse("conduct_waivers"), icon_name="clipboard-list", order=100
    )
)


def _waiver_formatter(code: str, label: str, message: str) -> type[LogFormatter]:
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            return message

        def format_comment(self, log_entry):
            data = log_entry.data or {}
            return data.get("note") or data.get("reason") or ""

    Formatter.label = label
    Formatter.__name__ = Formatter.__qualname__ = f"LogFormatter[{code}]"
    return Formatter


@hooks.register("register_log_actions")
def register_waiver_log_actions(actions):
    for code, label, message in waivers.WAIVER_ACTIONS:
        actions.register_action(code)(_waiver_formatter(code, label, message))


class WaiverClocksPanel(RowsPanel):
    """Dashboard, for the Disclosure Committee: the Code waivers still to disclose, their deadlines, warnings."""

    name = "conduct_waiver_clocks"
    template_name = "conduct/waivers/clock_panel.html"
    order = 155

    def get_rows(self):
        now = timezone.now()
        waivers.record_overdue(now)
        return waivers.attention_entries(now)

    def get_context_data(self, parent_context=None):
        return {
            "rows": self.rows,
            "register_url": reverse("conduct_waivers"),
            "tz_label": waivers.market_zone()[1],
        }


@hooks.register("construct_homepage_panels")
def add_waiver_clocks_panel(request, panels):
    if waivers.is_committee_member(request.user):
        panels.append(WaiverClocksPanel(request.user))


class ArchiveWaiverButton(PageMenuItem):
    """ "Archive" on a published Code waiver disclosure, for the committee (refused before 12 months, with the date)."""

    label = "Archive"
    icon_name = "folder-inverse"
    url_name = "conduct_waiver_archive"

    def is_shown(self, user):
        page = self.page
        return (
            page.live
            and issubclass(page.specific_class or type(page), CodeWaiverDisclosurePage)
            and waivers.is_committee_member(user)
        )


@hooks.register("register_page_header_buttons")
def archive_waiver_header_button(page, user, view_name, next_url=None):
    yield ArchiveWaiverButton(page=page, priority=67)


def _waiver_page(page) -> CodeWaiverDisclosurePage | None:
    specific = page.specific_deferred
    return specific if isinstance(specific, CodeWaiverDisclosurePage) else None


@hooks.register("before_delete_page")
def refuse_waiver_disclosure_delete(request, page):
    """Never deleted (kept five years, archived after twelve months): refused with the keep-until date."""
    disclosure = _waiver_page(page)
    if disclosure is not None:
        messages.error(request, waivers.deletion_refusal(disclosure))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if isinstance(page.specific_deferred, CodeWaiverIndexPage) and CodeWaiverDisclosurePage.objects.child_of(page):
        messages.error(request, "The index of Code waiver disclosures holds disclosures, which are never deleted.")
        return redirect("wagtailadmin_explore", page.pk)
    return None


@hooks.register("before_unpublish_page")
def refuse_waiver_disclosure_unpublish(request, page):
    """Not unpublished: archived after twelve months instead (Archive), still readable."""
    disclosure = _waiver_page(page)
    if disclosure is None:
        return None
    refusal = waivers.withdrawal_refusal(disclosure)
    messages.error(
        request,
        refusal or "A Code waiver disclosure is not unpublished: archive it (it stays readable, marked archived).",
    )
    return redirect("conduct_waiver_archive", page.pk)


# -- certification ------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_certification_urls():
    views = certification_views
    return [
        path("conduct/certification/", views.campaigns, name="conduct_certification"),
        path("conduct/certification/new/", views.new_campaign, name="conduct_certification_new"),
        path("conduct/certification/<int:pk>/", views.campaign_detail, name="conduct_certification_campaign"),
        path("conduct/certification/<int:pk>/invite/", views.add_people, name="conduct_certification_add"),
        path("conduct/certification/<int:pk>/remind/", views.send_reminders, name="conduct_certification_remind"),
        path("conduct/certification/<int:pk>/close/", views.close, name="conduct_certification_close"),
        path("conduct/certification/<int:pk>/export.csv", views.export, name="conduct_certification_export"),
    ]


CODE_OF_CONDUCT_MENU.append(
    lambda: CommitteeMenuItem("Certification", reverse("conduct_certification"), icon_name="form", order=200)
)


class ConductLogFormatter(LogFormatter):
    """A log action of certification or quiet periods: its message, and the reason as the comment."""

    message = ""

    def format_message(self, log_entry):
        return self.message

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or ""


def _conduct_formatter(code: str, label: str, message: str) -> type[LogFormatter]:
    name = f"LogFormatter[{code}]"
    return type(name, (ConductLogFormatter,), {"label": label, "message": message, "__qualname__": name})


@hooks.register("register_log_actions")
def register_certification_log_actions(actions):
    for code, label, message in certification.CERTIFICATION_ACTIONS:
        actions.register_action(code)(_conduct_formatter(code, label, message))


class CertificationPanel(RowsPanel):
    """Dashboard, for the Disclosure Committee: the open certification campaigns and who has not certified yet."""

    name = "conduct_certification"
    template_name = "conduct/certification/panel.html"
    order = 160

    def get_rows(self):
        campaigns = [
            campaign
            for campaign in certification.campaigns_with_counts().filter(closed_at__isnull=True)
            if campaign.invited_count
        ]
        for campaign in campaigns:
            campaign.pending_count = campaign.invited_count - campaign.certified_count
        return campaigns

    def get_context_data(self, parent_context=None):
        return {"campaigns": self.rows}


@hooks.register("construct_homepage_panels")
def add_certification_panel(request, panels):
    if certification.is_committee_member(request.user):
        panels.append(CertificationPanel(request.user))


# -- quiet periods ------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_quiet_period_urls():
    return [
        path("conduct/quiet-periods/", quiet_period_views.index, name="conduct_quiet_periods"),
        path("conduct/quiet-periods/new/", quiet_period_views.edit, name="conduct_quiet_period_new"),
        path("conduct/quiet-periods/<int:pk>/", quiet_period_views.edit, name="conduct_quiet_period_edit"),
        path(
            "conduct/quiet-periods/<int:pk>/calendar/",
            quiet_period_views.draft_calendar,
            name="conduct_quiet_period_calendar",
        ),
    ]


CODE_OF_CONDUCT_MENU.append(
    lambda: CommitteeMenuItem("Quiet periods", reverse("conduct_quiet_periods"), icon_name="time", order=300)
)


@hooks.register("register_log_actions")
def register_quiet_period_log_actions(actions):
    for code, label, message in quiet_periods.QUIET_PERIOD_ACTIONS:
        actions.register_action(code)(_conduct_formatter(code, label, message))


class QuietPeriodPanel(RowsPanel):
    """Dashboard: the quiet period in force or next (within 45 days), and the releases timed in it.

    Shown to the committee and the spokespersons' reviewers alike (anyone who sees the dashboard's
    release panels): a release in a quiet period deserves a second look before it is signed.
    """

    name = "conduct_quiet_periods"
    template_name = "conduct/quiet_periods/panel.html"
    order = 150
    LOOK_AHEAD = dt.timedelta(days=45)

    def get_rows(self):
        now = timezone.now()
        periods = [p for p in quiet_periods.current_and_upcoming(now) if p.starts_at <= now + self.LOOK_AHEAD]
        releases = quiet_period_views.releases_in_periods(periods)
        return [{"period": p, "current": p.contains(now), "releases": releases[p.pk]} for p in periods]

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows, "index_url": reverse("conduct_quiet_periods")}


@hooks.register("construct_homepage_panels")
def add_quiet_period_panel(request, panels):
    if certification.is_committee_member(request.user):
        panels.append(QuietPeriodPanel(request.user))


# -- the menu group (every part's items) ---------------------------------------------------------


@hooks.register("register_admin_menu_item")
def register_code_of_conduct_menu():
    items = sorted((factory() for factory in CODE_OF_CONDUCT_MENU), key=lambda item: item.order)
    # Wagtail hides a submenu none of whose items is shown: the group needs no test of its own.
    return SubmenuMenuItem("Code of Conduct", Menu(items=items), icon_name="doc-full", order=266)
