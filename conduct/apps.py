from django.apps import AppConfig


class ConductConfig(AppConfig):
    """The Code of Business Conduct and Ethics as a living record: exceptions, waivers, certification, quiet periods."""

    name = "conduct"
    verbose_name = "Code of Conduct records"
