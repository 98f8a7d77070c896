from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Governance documents investors read (the Code, committee charters, policies, each with its versions),
    and the board and management."""

    name = "governance"

    def ready(self) -> None:
        # Imported here, not at the top: the models it imports are loaded only once the app
        # registry is ready (Django's rule for AppConfig modules).
        from governance.signals import connect_signals

        connect_signals()
