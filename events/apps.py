from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events and presentations: the events index, event pages, their `.ics` files and calendar."""

    name = "events"
    verbose_name = "Events and presentations"

    def ready(self) -> None:
        # Imported here, not at the top: the models these import are loaded only once the app
        # registry is ready (Django's rule for AppConfig modules).
        from company.models import HomePage
        from events.models import home_page_context
        from events.signals import connect_signals

        HomePage.add_context_builder(home_page_context)
        connect_signals()
