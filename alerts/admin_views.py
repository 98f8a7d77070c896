"""Admin → E-mail alerts: who is subscribed and with what consent, erasure on request, the alerts sent, the outbox.

For the Disclosure Committee and the PR team, by Django permissions (alerts/permissions.py): a
view refuses whoever lacks its permission with Wagtail's own refusal. Nothing here edits a
subscriber or a consent record: a subscription changes only through its owner's personal links,
so the record of consent stays what the person did. An export and an erasure are each a log
entry; an erasure's entry names the subscriber by digest only, so the log keeps no address it
was asked to forget.
"""

from __future__ import annotations

import csv
import email.policy
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView, View

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from alerts.messages import profile
from alerts.models import Alert, ConsentRecord, Delivery, Subscriber, address_digest
from alerts.sending import alert_counts
from alerts.subscriptions import erase
from ir_site.mail import outbox_dir
from ir_site.sanitize import clean_html
from releases.models import Category

SUBSCRIBERS_EXPORTED = "alerts.subscribers_exported"
SUBSCRIBER_ERASED = "alerts.subscriber_erased"

SUBSCRIBER_POLICY = ModelPermissionPolicy(Subscriber)
ALERT_POLICY = ModelPermissionPolicy(Alert)

ALL_RELEASES = "All press releases"
DELIVERIES_SHOWN = 100
OUTBOX_SHOWN = 200
# The names ir_site.mail.OutboxBackend gives its files; nothing else in the folder is ever opened.
OUTBOX_NAME = re.compile(r"\d{8}T\d{6}\.\d{6}-[0-9a-f]{8}\.eml")
OUTBOX_HEADERS = ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
DIGEST = re.compile(r"[0-9a-f]{64}")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADINGS = (
    "E-mail",
    "Status",
    "Topics",
    "Created (UTC)",
    "Confirmed (UTC)",
    "Unsubscribed (UTC)",
    "Bounces",
    "Consent text version (confirmation)",
)


# -- shared pieces ----------------------------------------------------------------------------


def shown_time(moment: datetime | None) -> str:
    """A time as the tables show it: to the second, in the admin user's time zone, with its name ("ET" for Eastern)."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    zone = "ET" if timezone.get_current_timezone_name() == "America/New_York" else f"{local:%Z}"
    return f"{local:%Y-%m-%d %H:%M:%S} {zone}"


def lag(start: datetime | None, end: datetime | None) -> str:
    """How long from `start` to `end`, as a person reads it ("2 min 05 s"); "" when either is unknown."""
    if start is None or end is None:
        return ""
    seconds = max(0, round((end - start).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"


def postal_address_missing() -> bool:
    """Whether alerts go out without the postal address CAN-SPAM requires (the default site's company profile)."""
    return not profile().postal_address.strip()


def warning_context() -> dict:
    return {
        "postal_address_missing": postal_address_missing(),
        "company_profile_url": reverse("wagtailsettings:edit", args=["company", "companyprofile"]),
    }


def concrete(user):
    """The user itself: django-otp wraps request.user in lazy objects, and Wagtail's log() picks its log
    model by the type it sees, so a wrapped user as the logged instance would silently log nothing."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def subscriber_url(subscriber: Subscriber) -> str:
    return reverse("alerts_subscriber", args=[subscriber.pk])


def tombstone_url(digest: str) -> str:
    return reverse("alerts_tombstones") + "?" + urlencode({"digest": digest})


class AlertAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """An E-mail alerts screen that is not a listing: its permission, its breadcrumbs under its section."""

    permission_policy = SUBSCRIBER_POLICY
    permission_required = "view"
    section: tuple[str, str] = ("Subscribers", "alerts_subscribers")

    def get_breadcrumbs_items(self) -> list[dict]:
        label, url_name = self.section
        return [
            *self.breadcrumbs_items,
            {"url": reverse(url_name), "label": label},
            {"url": "", "label": self.get_page_title()},
        ]


# -- subscribers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCount:
    """Active subscribers of one topic: who chose it, and whom a release of that topic alone reaches."""

    topic: str
    chosen: int
    reached: int


def status_totals() -> dict[str, int]:
    """status → how many subscribers, every status present (one query)."""
    return Subscriber.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status, _ in Subscriber.STATUS_CHOICES}
    )


def topic_counts() -> list[TopicCount]:
    """All press releases, then each category: active subscribers who chose it (three queries in all)."""
    everything = Subscriber.objects.filter(status=Subscriber.ACTIVE, all_releases=True).count()
    chosen = dict(
        Subscriber.categories.through.objects.filter(
            subscriber__status=Subscriber.ACTIVE, subscriber__all_releases=False
        )
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("subscriber_id"))
    )
    rows = [TopicCount(ALL_RELEASES, everything, everything)]
    for category in Category.objects.order_by("name"):
        count = chosen.get(category.pk, 0)
        rows.append(TopicCount(category.name, count, everything + count))
    return rows


def topics_text(subscriber: Subscriber) -> str:
    return ", ".join(subscriber.topic_labels())


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Subscriber.STATUS_CHOICES, label="Status", empty_label="Any status")

    class Meta:
        model = Subscriber
        fields = ["status"]


class SubscriberListing(IndexView):
    """A listing of subscribers for readers of the list; never exported from here (that is its own, logged view)."""

    model = Subscriber
    permission_policy = SUBSCRIBER_POLICY
    permission_required = "view"
    any_permission_required = None
    header_icon = "mail"
    paginate_by = 50

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("categories")


class SubscriberIndexView(SubscriberListing):
    """``/admin/alerts/subscribers/``: counts per topic and status, then every address, 50 a page.

    Searching by address and filtering by status reload the table only (Wagtail's results view).
    The page costs the same few queries however many subscribers there are.
    """

    template_name = "alerts/admin/subscribers.html"
    index_url_name = "alerts_subscribers"
    index_results_url_name = "alerts_subscribers_results"
    page_title = "Subscribers"
    search_fields = ["email"]
    search_backend_name = None
    filterset_class = SubscriberFilterSet
    default_ordering = "email"
    columns = [
        TitleColumn("email", label="Address", get_url=subscriber_url, sort_key="email"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("topics", label="Topics", accessor=topics_text),
        Column(
            "confirmed_at", label="Confirmed", accessor=lambda s: shown_time(s.confirmed_at), sort_key="confirmed_at"
        ),
        NumberColumn("bounce_count", label="Bounces", sort_key="bounce_count"),
    ]

    def get_search_form(self):
        if not self.is_searchable:
            return None
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return SearchForm(data, placeholder="Search by address…")

    @cached_property
    def header_buttons(self) -> list:
        buttons = [HeaderButton("Tombstones", url=reverse("alerts_tombstones"), icon_name="search", priority=20)]
        if self.user_has_permission("export"):
            buttons.append(
                HeaderButton("Export CSV", url=reverse("alerts_subscribers_export"), icon_name="download", priority=10)
            )
        return buttons

    def get_context_data(self, *args, **kwargs) -> dict:
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            totals = status_totals()
            context.update(
                topic_counts=topic_counts(),
                status_rows=[(label, totals[status]) for status, label in Subscriber.STATUS_CHOICES],
                subscriber_total=sum(totals.values()),
                **warning_context(),
            )
        return context


class SuppressedIndexView(SubscriberListing):
    """``/admin/alerts/suppressed/``: the addresses no alert goes to because they bounced, newest first."""

    template_name = "alerts/admin/suppressed.html"
    index_url_name = "alerts_suppressed"
    page_title = "Suppression list"
    default_ordering = "-suppressed_at"
    columns = [
        TitleColumn("email", label="Address", get_url=subscriber_url, sort_key="email"),
        Column(
            "suppressed_at",
            label="Suppressed",
            accessor=lambda s: shown_time(s.suppressed_at),
            sort_key="suppressed_at",
        ),
        Column("suppression_reason", label="Reason"),
        NumberColumn("bounce_count", label="Bounces", sort_key="bounce_count"),
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().filter(status=Subscriber.SUPPRESSED)


class SubscriberView(AlertAdminView, TemplateView):
    """``/admin/alerts/subscribers/<id>/``: one subscriber, the record of consent of its address, its deliveries."""

    template_name = "alerts/admin/subscriber.html"
    header_icon = "user"

    @cached_property
    def subscriber(self) -> Subscriber:
        return get_object_or_404(Subscriber.objects.prefetch_related("categories"), pk=self.kwargs["pk"])

    def get_page_title(self) -> str:
        return self.subscriber.email

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        subscriber = self.subscriber
        deliveries = Delivery.objects.filter(subscriber=subscriber).select_related("alert").order_by("-pk")
        context.update(
            subscriber=subscriber,
            topics=subscriber.topic_labels(),
            records=ConsentRecord.objects.filter(email_digest=address_digest(subscriber.email)),
            deliveries=deliveries[:DELIVERIES_SHOWN],
            deliveries_count=deliveries.count(),
            deliveries_shown=DELIVERIES_SHOWN,
            can_erase=self.user_has_permission("delete"),
        )
        return context


def csv_cell(value) -> str:
    """The cell's text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def export_rows():
    """Every subscriber as a CSV row, with the consent text version its confirmation agreed to (chunked reads)."""
    confirmation = ConsentRecord.objects.filter(subscriber=OuterRef("pk"), action=ConsentRecord.CONFIRMED).order_by(
        "-at", "-pk"
    )
    subscribers = (
        Subscriber.objects.annotate(consent_version=Subquery(confirmation.values("text_version")[:1]))
        .prefetch_related("categories")
        .order_by("email")
    )
    for subscriber in subscribers.iterator(chunk_size=2000):
        yield [
            subscriber.email,
            subscriber.status,
            "; ".join(subscriber.topic_labels()),
            utc(subscriber.created_at),
            utc(subscriber.confirmed_at),
            utc(subscriber.unsubscribed_at),
            subscriber.bounce_count,
            subscriber.consent_version or "",
        ]


class _Echo:
    """A file-like object csv.writer writes to, returning each line for a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines():
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADINGS)
    for row in export_rows():
        yield writer.writerow([csv_cell(value) for value in row])


def log_export(user, rows: int) -> None:
    user = concrete(user)
    log(
        instance=user,
        action=SUBSCRIBERS_EXPORTED,
        user=user,
        data={"list": "e-mail alert subscribers", "format": "CSV", "rows": rows, "person": user.get_username()},
    )


class ExportView(PermissionCheckedMixin, View):
    """``/admin/alerts/subscribers/export/``: every subscriber as CSV, the export logged first (who, when, how many)."""

    permission_policy = SUBSCRIBER_POLICY
    permission_required = "export"

    def get(self, request, *args, **kwargs) -> StreamingHttpResponse:
        log_export(request.user, Subscriber.objects.count())
        response = StreamingHttpResponse(csv_lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="alert-subscribers-{timezone.now():%Y%m%d}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


# -- erasure --------------------------------------------------------------------------------------


class EraseForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "The request this answers (e.g. “e-mail of 3 March, ticket 1234”). It is kept with the record "
            "of consent and in the log: leave the address out."
        ),
        error_messages={"required": "Give the reason for the erasure: it is kept with the record of consent."},
    )

    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        if self.address.lower() in reason.lower():
            raise forms.ValidationError("Leave the address out of the reason: the reason is kept after the erasure.")
        return reason


def erase_and_log(subscriber: Subscriber, *, by, reason: str) -> str:
    """Erase on request and log it by digest, in one transaction: the entry is written while the row
    it names still exists, and goes with the erasure if that fails. Returns the digest."""
    by = concrete(by)
    digest = address_digest(subscriber.email)
    with transaction.atomic():
        log(
            instance=subscriber,
            action=SUBSCRIBER_ERASED,
            user=by,
            title=f"Subscriber {digest[:12]}",
            data={"digest": digest, "reason": reason},
        )
        erase(subscriber, by=by, reason=reason)
    return digest


class EraseView(AlertAdminView, FormView):
    """``/admin/alerts/subscribers/<id>/erase/``: delete on request; the page asks, only a POST with a reason erases.

    Afterwards the tombstone lookup shows what was kept (the consent history under the address's
    digest, with no address), and the digest to give the person if they ask.
    """

    permission_required = "delete"
    template_name = "alerts/admin/erase.html"
    form_class = EraseForm
    header_icon = "bin"

    @cached_property
    def subscriber(self) -> Subscriber:
        return get_object_or_404(Subscriber, pk=self.kwargs["pk"])

    def get_page_title(self) -> str:
        return f"Erase {self.subscriber.email}"

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"address": self.subscriber.email}

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            subscriber=self.subscriber,
            records_count=ConsentRecord.objects.filter(email_digest=address_digest(self.subscriber.email)).count(),
        )
        return context

    def form_valid(self, form: EraseForm) -> HttpResponse:
        digest = erase_and_log(self.subscriber, by=self.request.user, reason=form.cleaned_data["reason"])
        messages.success(
            self.request, f"The address is erased. The record of consent is kept under this digest: {digest}"
        )
        return redirect(tombstone_url(digest))

    def form_invalid(self, form: EraseForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TombstoneForm(forms.Form):
    address_or_digest = forms.CharField(
        label="E-mail address or digest",
        max_length=254,
        help_text="An address, or the 64-character SHA-256 digest an erasure left.",
    )

    def clean_address_or_digest(self) -> str:
        """The digest to look up."""
        value = self.cleaned_data["address_or_digest"].strip()
        if DIGEST.fullmatch(value.lower()):
            return value.lower()
        if "@" in value:
            return address_digest(value)
        raise forms.ValidationError("Paste an e-mail address or a 64-character digest.")


class TombstoneView(AlertAdminView, FormView):
    """``/admin/alerts/tombstones/``: the consent records kept for an address or a digest, erased or not.

    An address is posted, never put in the URL (it would stay in access logs after an erasure);
    a digest may come in the query string (the link after an erasure).
    """

    template_name = "alerts/admin/tombstones.html"
    form_class = TombstoneForm
    page_title = "Tombstones"
    header_icon = "search"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        digest = request.GET.get("digest", "").strip().lower()
        if DIGEST.fullmatch(digest):
            return self.render_to_response(self.get_context_data(digest=digest))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: TombstoneForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form, digest=form.cleaned_data["address_or_digest"]))

    def get_context_data(self, *, digest: str = "", **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if digest:
            records = list(ConsentRecord.objects.filter(email_digest=digest))
            current = next((r.subscriber_id for r in reversed(records) if r.subscriber_id), None)
            context.update(
                digest=digest,
                records=records,
                erased=any(r.action == ConsentRecord.ERASED for r in records),
                current_url=reverse("alerts_subscriber", args=[current]) if current else "",
            )
        return context


# -- alerts ---------------------------------------------------------------------------------------


def release_edit_url(alert: Alert) -> str:
    return reverse("wagtailadmin_pages:edit", args=[alert.page_id])


def delivery_column(status: str, label: str) -> NumberColumn:
    return NumberColumn(f"deliveries_{status}", label=label, accessor=lambda alert: alert.counts[status])


class AlertIndexView(IndexView):
    """``/admin/alerts/alerts/``: one row per alert, newest first: its deliveries by status and how soon they went.

    The lag is from the version's publication (the commit that made it public) to the first and
    last message the mail server accepted.
    """

    model = Alert
    permission_policy = ALERT_POLICY
    permission_required = "view"
    any_permission_required = None
    template_name = "alerts/admin/alerts.html"
    index_url_name = "alerts_alerts"
    page_title = "Alerts"
    header_icon = "mail"
    paginate_by = 25
    columns = [
        TitleColumn("subject", label="Subject", get_url=release_edit_url, width="24%"),
        Column("version", label="Version", accessor="version.number"),
        Column("state", label="State", accessor="get_state_display"),
        *(delivery_column(status, label) for status, label in Delivery.STATUS_CHOICES),
        Column("first_sent_at", label="First sent", accessor=lambda a: shown_time(a.first_sent_at)),
        Column("last_sent_at", label="Last sent", accessor=lambda a: shown_time(a.last_sent_at)),
        Column("first_lag", label="Published → first", accessor=lambda a: lag(a.version.published_at, a.first_sent_at)),
        Column("last_lag", label="Published → last", accessor=lambda a: lag(a.version.published_at, a.last_sent_at)),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("version")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, alerts, is_paginated = super().paginate_queryset(queryset, page_size)
        alerts = list(alerts)
        for alert in alerts:
            alert.counts = alert_counts(alert)
        return paginator, page, alerts, is_paginated

    def get_context_data(self, *args, **kwargs) -> dict:
        return super().get_context_data(*args, **kwargs) | warning_context()


# -- outbox ---------------------------------------------------------------------------------------


def outbox_enabled() -> bool:
    return settings.EMAIL_BACKEND == "ir_site.mail.OutboxBackend"


@dataclass(frozen=True)
class OutboxEntry:
    name: str
    date: str
    to: str
    subject: str


def outbox_names() -> list[str]:
    """The newest OUTBOX_SHOWN whole messages (a file being written is named ".<name>.part"), newest first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if OUTBOX_NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    return sorted(names, reverse=True)[:OUTBOX_SHOWN]


def message_path(name: str) -> Path:
    """The outbox file `name`, or 404: only a name of the backend's own pattern, a plain file in the folder itself."""
    if not OUTBOX_NAME.fullmatch(name):
        raise Http404("No such message.")
    folder = outbox_dir()
    path = folder / name
    if path.is_symlink() or not path.is_file() or path.resolve().parent != folder.resolve():
        raise Http404("No such message.")
    return path


def read_head(path: Path) -> EmailMessage:
    """The message's headers only: the listing reads 200 files and needs no body."""
    lines = []
    with path.open("rb") as fp:
        for line in fp:
            if not line.strip():
                break
            lines.append(line)
    return BytesParser(policy=email.policy.default).parsebytes(b"".join(lines), headersonly=True)


def read_message(path: Path) -> EmailMessage:
    return BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())


def message_date(message: EmailMessage) -> str:
    """The Date header as the tables show times; Django writes it in UTC as "-0000", which parses as naive."""
    header = message["Date"]
    moment = getattr(header, "datetime", None)
    if moment is None:
        return str(header or "")
    return shown_time(moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC))


def outbox_entry(name: str) -> OutboxEntry:
    head = read_head(outbox_dir() / name)
    return OutboxEntry(name, message_date(head), str(head["To"] or ""), str(head["Subject"] or ""))


def body_text(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    return part.get_content() if part is not None else ""


class OutboxGuard(AlertAdminView):
    """The outbox exists only when the site writes mail to files (no SMTP server: `make serve`)."""

    permission_policy = ALERT_POLICY
    section = ("Outbox", "alerts_outbox")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs) -> HttpResponse:
        response = super().dispatch(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get(self, request, *args, **kwargs) -> HttpResponse:
        if not outbox_enabled():
            raise Http404("The site sends mail over SMTP: there is no outbox.")
        return super().get(request, *args, **kwargs)


class OutboxView(OutboxGuard, TemplateView):
    """``/admin/alerts/outbox/``: the newest 200 messages the site wrote to its outbox folder."""

    template_name = "alerts/admin/outbox.html"
    page_title = "Outbox"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(entries=[outbox_entry(name) for name in outbox_names()], folder=outbox_dir(), shown=OUTBOX_SHOWN)
        return context


class OutboxMessageView(OutboxGuard, TemplateView):
    """``/admin/alerts/outbox/<name>/``: one message's headers and plain text, and its HTML part sanitised.

    The HTML is never shown as it was sent: it passes the site's one sanitiser (no script, no
    style, no event handler) and is shown inside a closed <details>.
    """

    template_name = "alerts/admin/outbox_message.html"

    @cached_property
    def message(self) -> EmailMessage:
        return read_message(message_path(self.kwargs["name"]))

    def get_page_title(self) -> str:
        return str(self.message["Subject"] or self.kwargs["name"])

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        message = self.message
        html = body_text(message, "html")
        context.update(
            name=self.kwargs["name"],
            headers=[(name, str(message[name])) for name in OUTBOX_HEADERS if message[name] is not None],
            text=body_text(message, "plain"),
            html=mark_safe(clean_html(html)) if html else "",  # noqa: S308 - clean_html's output: the site's one sanitiser policy
        )
        return context
