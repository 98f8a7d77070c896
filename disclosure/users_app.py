"""Wagtail's users app, with Admin → Users forms that keep the Disclosure Committee out of reach.

Listed in INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to customise
the user forms: an app config naming the user viewset). Kept apart from disclosure/apps.py,
where a second AppConfig subclass would stop Django picking DisclosureConfig by default.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class DisclosureUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "disclosure.users.UserViewSet"
