from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from disclosure.files import serve_document, serve_media
from insiders.preview_views import press_preview, press_preview_file
from insiders.views import acknowledge_view
from releases.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Documents only through the embargo check, before Wagtail's own view (disclosure.files).
    re_path(r"^documents/(?P<document_id>\d+)/(?P<document_filename>.*)$", serve_document, name="document"),
    path("documents/", include(wagtaildocs_urls)),
    # An index of fixed-size sitemaps (releases.sitemaps): the same cost at any archive size.
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # Media files (images) only through the embargo check, in every environment (disclosure.files).
    re_path(r"^media/(?P<path>.+)$", serve_media, name="media"),
    # The link in an insider's notice: no login (a journalist has no account), an unguessable token.
    path("insiders/acknowledge/<uuid:token>/", acknowledge_view, name="insiders_acknowledge"),
    # A journalist's embargoed preview and the files it shows (insiders.previews): a secret in the path.
    path("press-preview/<str:token>/", press_preview, name="insiders_press_preview"),
    path("press-preview/<str:token>/file/<path:path>", press_preview_file, name="insiders_press_preview_file"),
    # The personal Code certification link (no login, a signed token: conduct.certification).
    path("", include("conduct.urls")),
    # E-mail alerts: sign-up, confirmation, personal links (alerts.views).
    path("", include("alerts.urls")),
    path("", include("filings.urls")),
    path("", include("releases.urls")),
    # Event .ics files and the events calendar: file names Wagtail's page routes cannot end in (events.views).
    path("", include("events.urls")),
    # Contacts, accessibility statement, legal notice, the brand stylesheet and logo (company.views).
    path("", include("company.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
