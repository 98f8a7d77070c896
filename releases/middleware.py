"""Cache headers for the public site, which the purge on every publish (releases/signals.py) makes safe."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class PublicCacheHeadersMiddleware:
    """Cache headers a CDN can work with, on the public site only.

    Anonymous GETs of public pages (200, 301, 404) may be kept by browsers for IR_PUBLIC_MAX_AGE
    and by shared caches for IR_SHARED_MAX_AGE: every publish, correction and withdrawal purges
    the URLs it changes (releases/signals.py), and an unreleased release is a 404 that is purged
    when it goes public. Anything for a logged-in user, the admin, and responses that set their
    own Cache-Control (feeds, files) are left alone or made private.
    """

    CACHEABLE = {200, 301, 404}
    # A file's 404 may be an embargoed file that goes public at the next second, and file URLs
    # are not in the purge list: no shared cache may keep the 404.
    FILES = ("/documents/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or request.path.startswith("/admin/"):
            return response
        if response.has_header("Cache-Control"):
            return response
        if request.path.startswith(self.FILES):
            if response.status_code == 404:
                patch_cache_control(response, no_cache=True, max_age=0)
            return response

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in self.CACHEABLE and not response.cookies:
            patch_cache_control(
                response, public=True, max_age=settings.IR_PUBLIC_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE
            )
            patch_vary_headers(response, ["Cookie"])
        return response
