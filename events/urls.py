"""The `.ics` routes (events/views.py says why they are not Wagtail page routes).

Included by ir_site/urls.py before Wagtail's catch-all. The page path is any page's URL path on
the site; the views answer 404 unless it is a live, public events index or event page.
"""

from django.urls import re_path

from events import views

app_name = "events"

urlpatterns = [
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)calendar\.ics$", views.index_calendar, name="calendar"),
    re_path(r"^(?P<page_path>(?:[\w\-]+/)+)event\.ics$", views.event_calendar, name="event_calendar"),
]
