from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Governance documents investors read: the Code of Business Conduct and Ethics."""

    name = "governance"
