"""Two-factor authentication's admin URLs (an accounts concern kept in disclosure for now)."""

from django.urls import path

from wagtail import hooks

from disclosure.two_factor import setup, verify


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/setup/", setup, name="disclosure_2fa_setup"),
        path("2fa/verify/", verify, name="disclosure_2fa_verify"),
    ]
