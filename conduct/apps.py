from django.apps import AppConfig


class ConductConfig(AppConfig):
    """The Code of Business Conduct and Ethics as a living record: exceptions, waivers, certification, quiet periods."""

    name = "conduct"
    verbose_name = "Code of Conduct records"

    def ready(self) -> None:
        from conduct.signals import connect_signals  # the models must be loaded first (app registry)

        connect_signals()
