"""Show public pages in the company's market time zone (ET by default)."""

from django.utils import timezone

from company.models import CompanyProfile


class MarketTimeZoneMiddleware:
    """Activate the company profile's market time zone for each public request.

    The admin sets its own clock (Wagtail overrides the zone per admin view); the
    forms read and write market time explicitly (company/market_time.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/admin/", "/static/", "/media/")):
            return self.get_response(request)
        try:
            tz = CompanyProfile.for_request(request).tz
        except Exception:  # noqa: BLE001 - no site matches this host (Wagtail raises variously): keep the default zone
            tz = None
        if tz is None:
            return self.get_response(request)
        with timezone.override(tz):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response
