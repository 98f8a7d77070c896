from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """The Disclosure Policy: spokespersons, approval workflow, embargo rules, audit records."""

    name = "disclosure"
