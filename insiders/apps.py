from django.apps import AppConfig


class InsidersConfig(AppConfig):
    """The insider list: who had access to a material release before it went public, kept on its own."""

    name = "insiders"

    def ready(self) -> None:
        from insiders.recording import connect_recording  # connects model signals; models load after this module

        connect_recording()
