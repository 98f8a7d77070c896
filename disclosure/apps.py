from django.apps import AppConfig
from django.db.models.signals import post_save


class DisclosureConfig(AppConfig):
    """The Disclosure Policy: spokespersons, approval workflow, embargo rules, audit records."""

    name = "disclosure"

    def ready(self) -> None:
        # Each import here, not at the top: models are not loaded when Django imports this AppConfig.
        from wagtail.models import Revision  # models load after AppConfig import

        from disclosure import notifications  # imports models
        from disclosure.audit import record_reapproval_required  # imports models
        from disclosure.audit_chain import connect_audit_chain  # imports models
        from disclosure.committee import connect_committee_guard  # imports models
        from disclosure.corrections import connect_corrections  # imports models
        from disclosure.embargo import connect_indexing  # imports models
        from disclosure.file_lock import connect_file_lock  # imports models
        from disclosure.file_purge import connect_file_purge  # imports models
        from disclosure.guard import connect_guard  # imports models
        from disclosure.redirects import connect_redirect_rule  # imports models
        from disclosure.register_rules import connect_register_guard  # connects model signals

        connect_audit_chain()
        connect_guard()
        connect_file_lock()
        connect_indexing()
        connect_committee_guard()
        connect_corrections()
        connect_register_guard()
        connect_file_purge()
        connect_redirect_rule()
        post_save.connect(record_reapproval_required, sender=Revision, dispatch_uid="disclosure-reapproval-required")
        # Every process sends the notices, including those that never load the admin hooks (a
        # management command). notifications replaces Wagtail's workflow e-mails by taking over
        # their dispatch_uids, which works whichever of wagtail.admin's ready() and ours runs first.
        notifications.connect_signals()
