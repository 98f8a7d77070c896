"""The standing pages and the identity routes (company/views.py). Included before Wagtail's catch-all."""

from django.urls import path

from company import views

app_name = "company"

urlpatterns = [
    path("contacts/", views.contacts, name="contacts"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("legal/", views.legal, name="legal"),
    path("brand/colours.css", views.brand_stylesheet, name="brand_stylesheet"),
    path("brand/logo/", views.logo, name="logo"),
]
