from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """What the public sees: release pages, the newsroom, feeds, wire-text import."""

    name = "releases"
    verbose_name = "Press releases"

    def ready(self) -> None:
        # Imported here, not at the top: the models these import are loaded only once the app
        # registry is ready (Django's rule for AppConfig modules).
        from company.models import HomePage
        from releases.models import NewsroomPage
        from releases.models.pages import home_page_context
        from releases.newsroom import newsroom_listing
        from releases.signals import connect_signals

        NewsroomPage.listing_builder = staticmethod(newsroom_listing)
        HomePage.add_context_builder(home_page_context)
        connect_signals()
