"""Admin wiring for the Disclosure Committee's route choice (view in disclosure.views.route).

Offered only to a committee member who may choose the route of that page (disclosure.routes:
an event or governance page they did not draft), in the page header's "more" menu and the page
listing's menu.
"""

from __future__ import annotations

from django.urls import path

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from company.disclosed import is_disclosed_page
from disclosure.routes import may_route
from disclosure.views.route import route


@hooks.register("register_admin_urls")
def register_route_url():
    return [path("disclosure/route/<int:page_id>/", route, name="disclosure_route")]


class RouteButton(PageMenuItem):
    label = "Disclosure route…"
    icon_name = "tasks"
    url_name = "disclosure_route"

    def is_shown(self, user):
        # The cheap test first: listings ask for every row.
        return is_disclosed_page(self.page) and may_route(user, self.page)


@hooks.register("register_page_header_buttons")
def route_header_button(page, user, view_name, next_url=None):
    yield RouteButton(page=page, priority=64)


@hooks.register("register_page_listing_more_buttons")
def route_listing_button(page, user, next_url=None):
    yield RouteButton(page=page, priority=44)
