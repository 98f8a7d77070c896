from django.apps import AppConfig


class CompanyConfig(AppConfig):
    """The company and its site: the home page, the company profile, market time, AP style.

    The bottom layer of the apps: every app may use it, and it imports none of them.
    """

    name = "company"
    verbose_name = "Company and site"
