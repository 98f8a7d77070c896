"""`/filings/`: the company's SEC filings, newest first, filtered by form type, each a link to EDGAR.

A plain Django view, not a Wagtail page: the filings are the SEC's, imported from EDGAR
(filings/services.py), and nothing here is content the company publishes on this site.
Bad input is never an error: an unknown form type lists nothing and says so, a page that is
not a number is the first, one past the end the last.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from wagtail.models import Site

from company.models import CompanyProfile
from filings import conf
from filings.feeds import feed_title
from filings.models import Filing, FilingImport
from ir_site.text import printable

PAGE_SIZE = 25
FORM_MAX_LENGTH = 20


@require_safe
def filing_list(request: HttpRequest) -> HttpResponse:
    form_types = list(Filing.objects.order_by("form_type").values_list("form_type", flat=True).distinct())
    selected = printable(request.GET.get("form", "")).strip()[:FORM_MAX_LENGTH]
    filings = Filing.objects.order_by("-filing_date", "-accepted_at", "-accession_number")
    notice = ""
    if selected:
        if selected in form_types:
            filings = filings.filter(form_type=selected)
        else:
            filings = filings.none()
            notice = f"There are no filings of form type “{selected}” here. Choose a form type from the list."
    paginator = Paginator(filings, PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    last_import = FilingImport.last_success()
    context = {
        "filings": page_obj.object_list,
        "page_obj": page_obj,
        "form_types": form_types,
        "selected_form": selected,
        "notice": notice,
        "filter_querystring": urlencode({"form": selected}) if selected else "",
        "last_import": last_import,
        "edgar_company_url": conf.company_page_url(),
        "feed_url": _root_url(request) + reverse("filings:feed"),
        "feed_title": feed_title(CompanyProfile.for_request(request)),
    }
    return render(request, "filings/filing_list.html", context)


def _root_url(request: HttpRequest) -> str:
    """The site's canonical root (as the release feeds are named), or this request's host."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else request.build_absolute_uri("/").rstrip("/")
