"""Governance section pages."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from governance.blocks import GovernanceBodyBlock


class GovernanceIndexPage(Page):
    """`/governance/`: the company's governance documents."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["company.HomePage"]
    subpage_types = ["governance.GovernanceDocumentPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = GovernanceDocumentPage.objects.live().public().child_of(self).order_by("title")
        return context


class GovernanceDocumentPage(Page):
    """A governance document such as the Code of Business Conduct and Ethics.

    Its headings, lists and certification section are kept as structure, and its
    version and effective date are shown, because investors and regulators cite a
    specific version.
    """

    version = models.CharField(max_length=40, help_text="e.g. 1.0 or 2024-03")
    effective_date = models.DateField()
    summary = models.TextField(blank=True)
    body = StreamField(GovernanceBodyBlock())

    content_panels = Page.content_panels + [
        FieldPanel("version"),
        FieldPanel("effective_date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "governance document"
