from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events and presentations: the events index, event pages, their `.ics` files and calendar."""

    name = "events"
    verbose_name = "Events and presentations"

    def ready(self) -> None:
        from events.signals import connect_signals  # the models it imports load once the app registry is ready

        connect_signals()
