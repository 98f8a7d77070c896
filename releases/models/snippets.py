"""Reusable pieces of a release: categories and media contacts."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ir_site.text import PlainTextFieldsMixin


class Category(PlainTextFieldsMixin, index.Indexed, models.Model):
    """A topic investors filter and subscribe by (Financing, Financial results, ...)."""

    single_line_fields = ("name", "description")  # feed categories, filter labels

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class MediaContact(PlainTextFieldsMixin, index.Indexed, models.Model):
    """A person the press can call about a release (wires require one)."""

    single_line_fields = ("name", "organisation", "phone")  # printed in releases and their wire text

    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120, blank=True, help_text="e.g. an outside PR agency")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("phone"), FieldPanel("email")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name
