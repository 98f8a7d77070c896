"""Admin wiring of the embargo: Admin → Scheduled releases, countersigning, exchange notices."""

from __future__ import annotations

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from disclosure.exchange import VENUE_RULES, notice_on_record, notice_requirement
from disclosure.models import ExchangeNotice
from disclosure.panels import ScheduledReleasesPanel
from disclosure.releases import is_release
from disclosure.schedule import may_follow_releases
from disclosure.views.countersign import CountersignView
from disclosure.views.schedule import exchange_notice, schedule
from releases.models import PressReleasePage

countersign = CountersignView.as_view()


@hooks.register("register_admin_urls")
def register_schedule_urls():
    return [
        path("disclosure/scheduled/", schedule, name="disclosure_scheduled"),
        path("disclosure/exchange-notice/<int:page_id>/", exchange_notice, name="disclosure_exchange_notice"),
        path("disclosure/countersign/<int:page_id>/", countersign, name="disclosure_countersign"),
    ]


@hooks.register("register_admin_menu_item")
def register_schedule_menu_item():
    return MenuItem("Scheduled releases", reverse("disclosure_scheduled"), icon_name="time", order=255)


@hooks.register("construct_homepage_panels")
def add_scheduled_releases_panel(request, panels):
    panels.append(ScheduledReleasesPanel(request.user))


def say_what_the_exchange_asks(request, page):
    """After a material release is saved: what the listing venue asks for its time, until a notice is recorded."""
    page = page.specific_deferred
    if not isinstance(page, PressReleasePage) or page.live:
        return
    draft = page.get_latest_revision_as_object()
    if not draft.is_material or draft.release_at is None:
        return
    requirement = notice_requirement(draft.profile.exchange, draft.release_at)
    if requirement is None:
        return
    if notice_on_record(ExchangeNotice.objects.filter(page_id=page.pk), draft.release_at, requirement.notify_by):
        return
    consequence = " Without a recorded notice the release is held at its time." if requirement.blocking else ""
    messages.warning(
        request,
        f"{requirement.summary}{consequence}",
        buttons=[messages.button(reverse("disclosure_exchange_notice", args=(page.pk,)), "Record exchange notice")],
    )


hooks.register("after_create_page", say_what_the_exchange_asks)
hooks.register("after_edit_page", say_what_the_exchange_asks)


class ExchangeNoticeButton(PageMenuItem):
    label = "Record exchange notice"
    icon_name = "mail"
    url_name = "disclosure_exchange_notice"

    def is_shown(self, user):
        page = self.page
        if not is_release(page) or page.live:
            return False
        return may_follow_releases(user, page) and page.specific_deferred.profile.exchange in VENUE_RULES


@hooks.register("register_page_header_buttons")
def exchange_notice_header_button(page, user, view_name, next_url=None):
    yield ExchangeNoticeButton(page=page, priority=64)


@hooks.register("register_page_listing_more_buttons")
def exchange_notice_listing_button(page, user, next_url=None):
    yield ExchangeNoticeButton(page=page, priority=44)
