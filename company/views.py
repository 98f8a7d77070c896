"""The site's standing pages (contacts, accessibility, legal notice) and the two routes its identity needs.

The standing pages are plain views over the company profile: they are not disclosure documents
(no workflow, no versions), and change when the profile is saved, like the header and footer.

The brand colour comes as a tiny stylesheet of its own (`brand_stylesheet`) rather than inline:
the public Content-Security-Policy is `style-src 'self'` (ir_site/csp.py), which refuses inline
`<style>` and `style=""`. A nonce would change per response while the whole-response cache
(releases/response_cache.py) and CDNs replay one response to everyone; a hash would change the
policy with each colour. A same-origin stylesheet needs neither. Its URL carries the colour
(`?v=1d6b44`), so a new colour is a new URL and the old one can be cached for long.

The logo is served by `logo` from the profile's image, not through `/media/`: media files are
public only once a live page shows them (disclosure.files), and a site setting is not a page.
The profile refuses an image that a page not yet public uses (CompanyProfile.clean).
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from company.models import CompanyProfile

# The logo's rendition: at most 480x160, twice the header's height for sharp high-density screens.
LOGO_RENDITION = "max-480x160"
# A versioned URL (the colour, the logo's file hash) never changes its content; an unversioned one may.
LONG_MAX_AGE = 365 * 24 * 3600


@require_safe
def contacts(request):
    return render(request, "company/contacts_page.html", {"profile": CompanyProfile.for_request(request)})


@require_safe
def accessibility(request):
    return render(request, "company/accessibility_page.html", {"profile": CompanyProfile.for_request(request)})


@require_safe
def legal(request):
    profile = CompanyProfile.for_request(request)
    legend = [p.strip() for p in profile.forward_looking_legend.split("\n\n") if p.strip()]
    return render(request, "company/legal_page.html", {"profile": profile, "legend_paragraphs": legend})


@require_safe
def brand_stylesheet(request):
    """`:root { --brand: ...; --on-brand: ...; --brand-ink: ... }` from the profile (company/brand.py)."""
    profile = CompanyProfile.for_request(request)
    response = HttpResponse(profile.palette.css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == profile.brand_version:
        patch_cache_control(response, public=True, max_age=LONG_MAX_AGE, immutable=True)
    else:
        patch_cache_control(
            response, public=True, max_age=settings.IR_PUBLIC_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE
        )
    return response


@require_safe
def logo(request):
    """The profile's logo at header size; 404 when there is none."""
    profile = CompanyProfile.for_request(request)
    if profile.logo is None:
        raise Http404("No logo.")
    rendition = profile.logo.get_rendition(LOGO_RENDITION)
    try:
        handle = rendition.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("No logo.") from exc
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    if request.GET.get("v") == profile.logo_version:
        patch_cache_control(response, public=True, max_age=LONG_MAX_AGE, immutable=True)
    else:
        patch_cache_control(
            response, public=True, max_age=settings.IR_PUBLIC_FILE_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE
        )
    return response
