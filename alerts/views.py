"""The public side of e-mail alerts: sign up, confirm, change topics, leave. No login anywhere.

Every link is a signed token (alerts/tokens.py). A bad one gets a page that says what is wrong
(expired, altered, no longer anyone's) with status 400 or 410, never a 500, and changes nothing.
Confirming asks for a click (a POST): mail scanners that open every link must not subscribe anyone.
The one-click unsubscribe (RFC 8058) is a POST that needs no cookie and no CSRF token; it acts for
the one subscriber and list its token names.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from axes.helpers import get_client_ip_address

from alerts import throttle
from alerts.forms import SignUpForm, TopicsForm
from alerts.messages import company_name
from alerts.models import Subscriber
from alerts.subscriptions import Client, change_topics, confirm, consent_text, request_subscription, unsubscribe
from alerts.tokens import BadToken, make_token, read_token


def _client(request) -> Client:
    return Client(
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        address=get_client_ip_address(request) or request.META.get("REMOTE_ADDR", ""),
    )


def _bad_link(request, error: BadToken, *, gone: bool = False):
    return render(request, "alerts/bad_link.html", {"message": str(error)}, status=410 if gone else 400)


def _subscriber(token: str, purpose: str) -> Subscriber:
    if len(token) > 500:
        raise BadToken("This link is not valid.")
    return read_token(token, purpose)


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    company = company_name()
    text = consent_text(company)
    form = SignUpForm(request.POST or None, consent_text=text)
    if request.method == "POST":
        client = _client(request)
        if not throttle.client_allowed(client.address):
            return render(request, "alerts/too_many.html", {"company": company}, status=429)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if throttle.address_allowed(email):
                request_subscription(email, form.topics(), client, company)
            return redirect("alerts_check_inbox")
    return render(request, "alerts/signup.html", {"form": form, "company": company, "consent_text": text})


@never_cache
def check_inbox(request):
    return render(request, "alerts/check_inbox.html", {"company": company_name()})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_view(request, token: str):
    try:
        subscriber = _subscriber(token, "confirm")
    except BadToken as error:
        return _bad_link(request, error)
    if subscriber.status == Subscriber.SUPPRESSED:
        return _bad_link(request, BadToken("This address cannot receive alerts: messages to it have bounced."))
    context = {"subscriber": subscriber, "company": company_name(), "token": token}
    if request.method == "POST":
        confirm(subscriber, _client(request), company_name())
        subscriber.refresh_from_db()
        return render(request, "alerts/confirmed.html", context | {"manage_token": _manage_token(subscriber)})
    return render(request, "alerts/confirm.html", context)


def _manage_token(subscriber: Subscriber) -> str:
    return make_token(subscriber, "manage")


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    try:
        subscriber = _subscriber(token, "manage")
    except BadToken as error:
        return _bad_link(request, error, gone=True)
    form = TopicsForm(request.POST or None, initial=TopicsForm.initial_for(subscriber))
    context = {"subscriber": subscriber, "company": company_name(), "form": form, "token": token}
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            unsubscribe(subscriber, _client(request), how="manage page")
            return render(request, "alerts/unsubscribed.html", context)
        if form.is_valid():
            change_topics(subscriber, form.topics(), _client(request))
            subscriber.refresh_from_db()
            return render(request, "alerts/manage.html", context | {"saved": True, "subscriber": subscriber})
    return render(request, "alerts/manage.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    try:
        subscriber = _subscriber(token, "unsubscribe")
    except BadToken as error:
        return _bad_link(request, error, gone=True)
    context = {"subscriber": subscriber, "company": company_name(), "token": token}
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        unsubscribe(subscriber, _client(request), how="one-click (RFC 8058)" if one_click else "unsubscribe link")
        return render(request, "alerts/unsubscribed.html", context)
    return render(request, "alerts/unsubscribe.html", context)
