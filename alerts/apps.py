from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """E-mail alerts for investors: double opt-in, one-click unsubscribe, sent once when a release is public."""

    name = "alerts"
    verbose_name = "E-mail alerts"

    def ready(self) -> None:
        # Imported here: the signal handlers use models, loaded only once the registry is ready.
        from alerts.signals import connect_signals

        connect_signals()
