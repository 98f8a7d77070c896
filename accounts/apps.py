from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in to the admin: two-factor authentication for the accounts that need it."""

    name = "accounts"
