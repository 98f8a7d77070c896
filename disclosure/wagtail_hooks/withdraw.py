"""Admin wiring for withdrawing a disclosed page and cancelling its schedule (views in disclosure.views.withdraw).

Releases, events, governance documents and the board and management pages alike (not a Code
waiver disclosure, which is archived instead: conduct). The buttons are offered only to an active
spokesperson, and only when there is something to withdraw or a schedule to cancel:
in the editor's action menu, the page header's "more" menu and the page listing's menu.
"""

from __future__ import annotations

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from disclosure.releases import is_disclosed
from disclosure.views.withdraw import cancel_schedule, withdraw
from disclosure.withdraw import can_cancel_schedule, can_withdraw


def _offer_withdraw(user, page) -> bool:
    return page is not None and is_disclosed(page) and page.live and can_withdraw(user, page)


def _offer_cancel_schedule(user, page) -> bool:
    return page is not None and is_disclosed(page) and can_cancel_schedule(user, page)


@hooks.register("register_admin_urls")
def register_withdraw_urls():
    return [
        path("disclosure/withdraw/<int:page_id>/", withdraw, name="disclosure_withdraw"),
        path("disclosure/cancel-schedule/<int:page_id>/", cancel_schedule, name="disclosure_cancel_schedule"),
    ]


# -- editor action menu ---------------------------------------------------------


class DisclosureDecisionMenuItem(ActionMenuItem):
    """An editor footer action that opens one of our reason forms, shown only to who may decide it."""

    def __init__(self, *, label, name, icon_name, url_name, offer, order):
        super().__init__(order=order)
        self.label, self.name, self.icon_name = label, name, icon_name
        self.url_name, self.offer = url_name, offer

    def is_shown(self, context):
        return context["view"] == "edit" and self.offer(context["request"].user, context.get("page"))

    def get_url(self, context):
        return reverse(self.url_name, args=(context["page"].pk,))


@hooks.register("register_page_action_menu_item")
def register_withdraw_action_menu_item():
    return DisclosureDecisionMenuItem(
        label="Withdraw (unpublish)…",
        name="action-disclosure-withdraw",
        icon_name="download",
        url_name="disclosure_withdraw",
        offer=_offer_withdraw,
        order=20,
    )


@hooks.register("register_page_action_menu_item")
def register_cancel_schedule_action_menu_item():
    return DisclosureDecisionMenuItem(
        label="Cancel scheduled release…",
        name="action-disclosure-cancel-schedule",
        icon_name="history",
        url_name="disclosure_cancel_schedule",
        offer=_offer_cancel_schedule,
        order=25,
    )


# -- page header and listing menus ------------------------------------------------


class WithdrawButton(PageMenuItem):
    label = "Withdraw (unpublish)"
    icon_name = "download"
    url_name = "disclosure_withdraw"

    def is_shown(self, user):
        return _offer_withdraw(user, self.page)


class CancelScheduleButton(PageMenuItem):
    label = "Cancel scheduled release"
    icon_name = "history"
    url_name = "disclosure_cancel_schedule"

    def is_shown(self, user):
        return _offer_cancel_schedule(user, self.page)


@hooks.register("register_page_header_buttons")
def withdraw_header_buttons(page, user, view_name, next_url=None):
    yield WithdrawButton(page=page, priority=60)
    yield CancelScheduleButton(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def withdraw_listing_buttons(page, user, next_url=None):
    yield WithdrawButton(page=page, priority=40)
    yield CancelScheduleButton(page=page, priority=42)
