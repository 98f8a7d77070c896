from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """The Disclosure Policy: spokespersons, approval workflow, embargo rules, audit records."""

    name = "disclosure"

    def ready(self) -> None:
        from disclosure.committee import connect_committee_guard
        from disclosure.embargo import connect_indexing
        from disclosure.file_lock import connect_file_lock
        from disclosure.file_purge import connect_file_purge
        from disclosure.guard import connect_guard
        from disclosure.register_rules import connect_register_guard

        # The audit and notification signals are connected when Wagtail loads
        # disclosure/wagtail_hooks.py (after wagtail.admin's own handlers exist, which
        # notifications.py replaces for our workflow), not here.
        connect_guard()
        connect_file_lock()
        connect_indexing()
        connect_committee_guard()
        connect_register_guard()
        connect_file_purge()
