from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """What the public sees: release pages, the newsroom, feeds, wire-text import."""

    name = "releases"
    verbose_name = "Press releases"

    def ready(self) -> None:
        # Imported here, not at the top: the models these import are loaded only once the app
        # registry is ready (Django's rule for AppConfig modules).
        from releases.models import NewsroomPage
        from releases.newsroom import newsroom_listing
        from releases.signals import connect_signals

        NewsroomPage.listing_builder = staticmethod(newsroom_listing)
        connect_signals()
