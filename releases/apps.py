from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """What the public sees: release pages, the newsroom, feeds, wire-text import."""

    name = "releases"
    verbose_name = "Press releases"

    def ready(self) -> None:
        from releases.signals import connect_signals  # here, not at the top: signals imports models (apps not ready)

        connect_signals()
