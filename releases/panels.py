"""The release editor's "Preflight checks" panel: what wire editors would catch, before submitting."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from releases.preflight import preflight


class PreflightPanel(Panel):
    """The preflight findings (releases/preflight.py) for the release in the editor, errors first.

    Errors block submitting (PressReleaseForm refuses them); warnings only inform. The checks
    read the release as the editor shows it (the latest draft), or, after a submission the form
    refused, the text just posted with its contacts.
    """

    def __init__(self, heading: str = "Preflight checks", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "releases/admin/preflight_panel.html"

        def posted_findings(self):
            """What the form found in a submission it refused (None when it checked none)."""
            return getattr(self.form, "preflight_findings", None)

        def findings(self):
            posted = self.posted_findings()
            if posted is not None:
                return posted
            # The form's profile is the parent's site's: a new page has no site of its own yet.
            return preflight(self.instance, profile=getattr(self.form, "profile", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            findings = self.findings()
            context["checked_posted"] = self.posted_findings() is not None
            context["errors"] = [finding for finding in findings if finding.is_error]
            context["warnings"] = [finding for finding in findings if not finding.is_error]
            context["panel_id"] = f"{self.prefix}-preflight"
            return context
