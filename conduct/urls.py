"""Public routes of the Code of Conduct records: the personal certification link (no login).

Included from ir_site/urls.py with `path("", include("conduct.urls"))`, before Wagtail's pages.
"""

from django.urls import path

from conduct.certification_views import certify_view

urlpatterns = [
    # The link in a certification invitation: a signed token in the path (conduct.certification.link_token).
    path("code-certification/<str:token>/", certify_view, name="conduct_certify"),
]
