"""One Content Security Policy middleware, two policies: strict for the public site, Wagtail's needs for the admin.

The public pages (releases, newsroom, feeds' HTML, governance) run no script of their own and
load nothing from another origin, so they get CONTENT_SECURITY_POLICY as it stands. Wagtail's
admin uses inline scripts and styles, so paths under /admin/ get IR_ADMIN_CONTENT_SECURITY_POLICY,
and may be framed by the admin itself (the live preview): X-Frame-Options SAMEORIGIN there,
DENY (X_FRAME_OPTIONS) everywhere else.
"""

from __future__ import annotations

from django.conf import settings

from csp.middleware import CSPMiddleware, PolicyParts


class SitePolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            parts.config = settings.IR_ADMIN_CONTENT_SECURITY_POLICY
        return parts

    def process_response(self, request, response):
        if request.path_info.startswith("/admin/") and not response.has_header("X-Frame-Options"):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)
