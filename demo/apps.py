from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo: the sample company's users, pages, releases and schedule (load_demo, demo_schedule).

    The top layer: it may use every app below it (it builds the Disclosure Committee and takes
    releases through the workflow as the demo users would), and nothing imports it.
    """

    name = "demo"
    default_auto_field = "django.db.models.AutoField"
