"""Admin wiring of the accounts app: the two-factor screens and the actions it logs."""

from django.urls import path

from wagtail import hooks

from accounts.actions import register_all
from accounts.two_factor import setup, verify


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/setup/", setup, name="accounts_2fa_setup"),
        path("2fa/verify/", verify, name="accounts_2fa_verify"),
    ]


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    register_all(actions)
