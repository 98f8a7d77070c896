"""Records of the Code of Business Conduct and Ethics kept by compliance.

Each part of the Code's life has its own heading below; business rules are in the modules
named for them (conduct/waivers.py, ...), the models only keep the records and refuse what
the rules forbid whatever the caller (admin, shell, code).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from company.disclosed import DisclosedIndexPage, DisclosedPage

# -- exceptions and waivers ---------------------------------------------------------------------

# How long a website disclosure of a waiver stays up (Form 8-K Item 5.05(c)) and is kept in all.
WITHDRAWAL_AFTER_MONTHS = 12
RETENTION_YEARS = 5


class AppendOnlyError(PermissionDenied):
    """A change the register refuses: it is corrected by a new entry, never edited or deleted."""


def add_years(moment: dt.datetime, years: int) -> dt.datetime:
    """The same instant `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


class Position(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    EXECUTIVE_OFFICER = "executive_officer", "Executive officer"
    DIRECTOR = "director", "Director"


class RecordKind(models.TextChoices):
    EXCEPTION = "exception", "Request for an exception (waiver)"
    AMENDMENT = "amendment", "Amendment of the Code"


class DecidedBy(models.TextChoices):
    CFO = "cfo", "Chief Financial Officer"
    CAO = "cao", "Chief Accounting Officer"
    BOARD = "board", "Board of Directors"
    BOARD_COMMITTEE = "board_committee", "A committee of the Board"


class Disposition(models.TextChoices):
    PENDING = "pending", "Pending"
    GRANTED = "granted", "Granted"
    GRANTED_WITH_CONDITIONS = "granted_with_conditions", "Granted with conditions"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn by the requester"
    ADOPTED = "adopted", "Adopted (amendment)"


GRANTING = (Disposition.GRANTED, Disposition.GRANTED_WITH_CONDITIONS, Disposition.ADOPTED)
BOARD_LEVEL = (Position.EXECUTIVE_OFFICER, Position.DIRECTOR)

# Fields that may go from empty to set once on a recorded entry, each by its own service; all
# others are fixed when the entry is recorded (the request) or decided (the decision).
DECISION_FIELDS = (
    "disposition",
    "decided_by",
    "decided_by_name",
    "decided_at",
    "resolution_reference",
    "decision_reason",
    "conditions",
    "decision_recorded_by",
    "decision_recorded_at",
)
FOLLOW_UP_FIELDS = (
    "disclosure_page",
    "form_8k_filed_on",
    "form_8k_accession",
    "form_8k_recorded_by",
    "form_8k_recorded_at",
    "overdue_logged_at",
)


class ExceptionRequest(models.Model):
    """One entry of the register of requests for exceptions to the Code (kept by the CFO or CAO).

    The Code makes the CFO/CAO keep "a record of all requests for exceptions ... and the
    disposition of such requests", employees' included; a waiver for an executive officer or
    director (or an amendment of the Code applying to them) is decided by the board or a board
    committee and disclosed within four business days (Form 8-K Item 5.05, Nasdaq 5610). The
    register is append-only: the request is fixed when recorded, the decision when decided,
    and a mistake is put right by a new entry that `corrects` the old one. Nothing is deleted.
    """

    kind = models.CharField(max_length=20, choices=RecordKind.choices, default=RecordKind.EXCEPTION)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text="The entry this one corrects (it stays on record as it was).",
    )
    correction_note = models.TextField(blank=True, help_text="What this entry corrects, and why.")

    # The request: who asks, for what, and why.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester_name = models.CharField("name", max_length=200)
    position = models.CharField(max_length=20, choices=Position.choices)
    requester_title = models.CharField("title", max_length=200, blank=True, help_text="e.g. Chief Executive Officer")
    provision_heading = models.CharField("provision of the Code", max_length=300)
    provision_anchor = models.SlugField(max_length=300, blank=True)
    code_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_on = models.DateField()
    description = models.TextField("what is asked", help_text="The exception (or amendment) asked for.")
    reason = models.TextField("why", help_text="The requester's reasons.")
    supervisor_name = models.CharField(max_length=200, blank=True)
    supervisor_view = models.TextField("the supervisor's view", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    # The decision.
    disposition = models.CharField(max_length=30, choices=Disposition.choices, default=Disposition.PENDING)
    decided_by = models.CharField(max_length=20, choices=DecidedBy.choices, blank=True)
    decided_by_name = models.CharField(
        "decided by (name)", max_length=200, blank=True, help_text="e.g. Bonnie Brown, or the Audit Committee"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    resolution_reference = models.CharField(max_length=200, blank=True, help_text="The board's resolution.")
    decision_reason = models.TextField("reasons for the decision", blank=True)
    conditions = models.TextField(blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_recorded_at = models.DateTimeField(null=True, blank=True)

    # The disclosure, for a waiver or amendment that applies to an executive officer or director.
    disclosure_page = models.ForeignKey(
        "conduct.CodeWaiverDisclosurePage", null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    form_8k_filed_on = models.DateField("Form 8-K filed on", null=True, blank=True)
    form_8k_accession = models.CharField("accession number", max_length=20, blank=True)
    form_8k_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form_8k_recorded_at = models.DateTimeField(null=True, blank=True)
    overdue_logged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        default_permissions = ("add", "change", "view")  # no "delete": nobody deletes an entry
        verbose_name = "exception request"

    def __str__(self) -> str:
        return f"No. {self.pk}: {self.requester_name}, {self.provision_heading}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self._refuse_edits(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_edits(self, update_fields) -> None:
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None:
            return
        names = update_fields or [f.attname for f in self._meta.concrete_fields if not f.primary_key]
        for name in names:
            field = self._meta.get_field(name)
            attname = field.attname
            before, after = getattr(stored, attname), getattr(self, attname)
            if before == after:
                continue
            may_set = (field.name in DECISION_FIELDS and not stored.is_decided) or (
                field.name in FOLLOW_UP_FIELDS and before in (None, "")
            )
            if not may_set:
                if stored.is_decided:
                    raise AppendOnlyError(
                        f"Entry No. {self.pk} is decided and stays on record as it is: "
                        "record a correction (a new entry) instead of editing it."
                    )
                raise AppendOnlyError(
                    f"The request of entry No. {self.pk} is on record as it was made: "
                    "record a correction (a new entry) instead of editing it."
                )

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Entries of the exceptions register are never deleted; record a correction instead.")

    @property
    def is_decided(self) -> bool:
        return self.disposition != Disposition.PENDING

    @property
    def is_granted(self) -> bool:
        return self.disposition in GRANTING

    @property
    def needs_board(self) -> bool:
        """Executive officers and directors: only the board or a board committee decides."""
        return self.position in BOARD_LEVEL or self.kind == RecordKind.AMENDMENT

    @property
    def is_corrected(self) -> bool:
        return self.corrections.exists()


@receiver(pre_delete, sender=ExceptionRequest)
def _refuse_register_delete(sender, instance, **kwargs):
    """Queryset deletes too (they call no model delete())."""
    raise AppendOnlyError("Entries of the exceptions register are never deleted; record a correction instead.")


class CodeWaiverIndexPage(DisclosedIndexPage, RoutablePageMixin, Page):
    """`/governance/code-waivers/`: the website disclosures of waivers of the Code, newest first.

    Form 8-K Item 5.05(c) lets the company disclose a waiver for an executive officer or
    director on its website instead of on Form 8-K; the disclosures are listed here, and an
    archived one (after its twelve months) is listed under "Archived", still readable.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types = ["conduct.CodeWaiverDisclosurePage"]
    max_count = 1
    template = "conduct/waivers/code_waiver_index_page.html"

    class Meta:
        verbose_name = "Code waiver index"

    @path("feed/<str:kind>/")
    def feed(self, request, kind: str):
        """`feed/rss/` and `feed/atom/`: the disclosures as RSS 2.0 and Atom 1.0 (conduct.feeds)."""
        from conduct.feeds import serve_waiver_feed  # models import no feeds (conduct.feeds imports the models)

        return serve_waiver_feed(request, self, kind)

    def feed_links(self) -> list[tuple[str, str, str]]:
        """(media type, title, URL) of the two feeds, for the pages' autodiscovery links."""
        return [
            ("application/rss+xml", "Code waivers (RSS)", f"{self.url}feed/rss/"),
            ("application/atom+xml", "Code waivers (Atom)", f"{self.url}feed/atom/"),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        disclosures = (
            CodeWaiverDisclosurePage.objects.live()
            .public()
            .child_of(self)
            .select_related("archive")
            .order_by("-decision_date", "-first_published_at")
        )
        context["current"] = [page for page in disclosures if not page.is_archived]
        context["archived"] = [page for page in disclosures if page.is_archived]
        return context


class CodeWaiverDisclosurePage(DisclosedPage, Page):
    """The website disclosure of a waiver (or amendment) of the Code for an executive officer or director.

    Drafted from the register entry (conduct.waivers.draft_disclosure), it goes public only
    through the Disclosure Policy workflow, like a release (company.disclosed). It stays up at
    least twelve months (it cannot be archived before), is archived after that, and is kept
    five years in all; it is never deleted.
    """

    person_name = models.CharField("name", max_length=200)
    person_title = models.CharField("position", max_length=200, help_text="e.g. Chief Executive Officer; director")
    kind = models.CharField(max_length=20, choices=RecordKind.choices, default=RecordKind.EXCEPTION)
    provision_heading = models.CharField("provision of the Code", max_length=300)
    provision_anchor = models.SlugField(max_length=300, blank=True)
    code_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived = models.TextField("what was waived (or amended)")
    decision_date = models.DateField("date of the decision")
    decided_by = models.CharField(max_length=200, help_text="e.g. the Board of Directors")
    reason = models.TextField("the board's reasons")
    conditions = models.TextField(blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("person_name"), FieldPanel("person_title")], heading="Who"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("provision_heading"), FieldPanel("provision_anchor")], heading="Provision"
        ),
        FieldPanel("waived"),
        MultiFieldPanel(
            [FieldPanel("decision_date"), FieldPanel("decided_by"), FieldPanel("reason"), FieldPanel("conditions")],
            heading="Decision",
        ),
    ]
    parent_page_types = ["conduct.CodeWaiverIndexPage"]
    subpage_types: list[str] = []
    template = "conduct/waivers/code_waiver_disclosure_page.html"

    class Meta:
        verbose_name = "Code waiver disclosure"

    @property
    def is_archived(self) -> bool:
        try:
            return self.archive is not None
        except WaiverDisclosureArchive.DoesNotExist:
            return False

    @property
    def withdrawable_from(self) -> dt.datetime | None:
        """When it may first be archived: twelve months after it was first published."""
        if self.first_published_at is None:
            return None
        return add_years(self.first_published_at, WITHDRAWAL_AFTER_MONTHS // 12)

    @property
    def keep_until(self) -> dt.datetime | None:
        """Kept (never deleted) at least until five years after first publication."""
        if self.first_published_at is None:
            return None
        return add_years(self.first_published_at, RETENTION_YEARS)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A Code waiver disclosure is never deleted (kept five years, then archived).")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["code_url"] = self.code_page.url if self.code_page_id and self.code_page else ""
        return context


@receiver(pre_delete, sender=CodeWaiverDisclosurePage)
def _refuse_disclosure_delete(sender, instance, **kwargs):
    """A waiver disclosure is kept five years and then still never deleted by the product."""
    raise AppendOnlyError("A Code waiver disclosure is never deleted (kept five years, then archived).")


class WaiverDisclosureArchive(models.Model):
    """That a waiver disclosure was archived after its twelve months: who, when (the page stays readable).

    A row beside the page, not a page field: a page field would be rewritten by the next
    published revision, and archiving is not a change of the disclosure's text.
    """

    page = models.OneToOneField(CodeWaiverDisclosurePage, on_delete=models.PROTECT, related_name="archive")
    archived_at = models.DateTimeField()
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.page} archived {self.archived_at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An archived waiver disclosure stays archived.")


# -- certification ------------------------------------------------------------------------------


class CampaignKind(models.TextChoices):
    ANNUAL = "annual", "Annual certification"
    NEW_HIRES = "new_hires", "New employees, officers and directors"


class CodeVersionFields(models.Model):
    """Which version of the Code: the page, its version label, effective date, the revision and version number.

    Kept as values (the page without a database constraint, the revision by its id), so the
    record outlives a purged revision; `code_version_number` is governance's frozen version
    (GovernanceDocumentVersion.number) when there is one.
    """

    code_page = models.ForeignKey(
        "governance.GovernanceDocumentPage",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    version_label = models.CharField("version of the Code", max_length=40, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    revision_id = models.PositiveIntegerField(null=True, blank=True, help_text="The Code page's live revision.")
    code_version_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def version_text(self) -> str:
        """`version 2011, effective January 1, 2011`."""
        if not self.version_label:
            return "no version on record"
        if self.effective_date is None:
            return f"version {self.version_label}"
        day = self.effective_date
        return f"version {self.version_label}, effective {day:%B} {day.day}, {day.year}"


class CertificationCampaign(CodeVersionFields):
    """A round of certifications of the Code: every year for everyone, or for new hires as they join.

    The Code is "distributed annually to each employee, officer and director ... and each ...
    shall certify that he or she has received, read and understood the Code and has complied
    with its terms". A campaign is started by the Disclosure Committee against the version of
    the Code in force (kept here), invites people (conduct.certification), and is closed when
    done; it is never deleted (its list of who has and has not certified is the record).
    """

    title = models.CharField(max_length=200, help_text="e.g. 2026 annual certification")
    kind = models.CharField(max_length=20, choices=CampaignKind.choices, default=CampaignKind.ANNUAL)
    due_on = models.DateField("certify by", null=True, blank=True)
    message = models.TextField(blank=True, help_text="Added to the invitation e-mail (optional).")
    weekly_reminders = models.BooleanField(
        default=True, help_text="Remind those who have not certified once a week while the campaign is open."
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        default_permissions = ("add", "change", "view")
        verbose_name = "certification campaign"

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A certification campaign is a record: close it, it is never deleted.")


def _invitation_key() -> str:
    return secrets.token_hex(16)


class CertificationInvitation(models.Model):
    """One person asked to certify in a campaign: a Django user, or a name and an e-mail address.

    Their personal link is signed (conduct.certification.link_token) over this row's id and
    random `key`: unguessable, refused when forged or altered, and void once they certified.
    """

    campaign = models.ForeignKey(CertificationCampaign, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    key = models.CharField(max_length=32, default=_invitation_key, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True, help_text="The invitation or last reminder.")
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["name", "pk"]
        default_permissions = ("add", "change", "view")
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="conduct_invited_once_per_campaign")]
        verbose_name = "certification invitation"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def has_login(self) -> bool:
        return self.user_id is not None

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An invitation to certify stays on record with its campaign.")


class Certification(CodeVersionFields):
    """A person's certification of the Code, as its form asks: printed name, date, the statements ticked.

    Kept with the version of the Code it was made against (the version the page showed them)
    and with the statements exactly as worded then, the time, the address and the browser.
    Written once: never changed or deleted.
    """

    invitation = models.OneToOneField(CertificationInvitation, on_delete=models.PROTECT, related_name="certification")
    printed_name = models.CharField(max_length=200)
    signed_on = models.DateField("date")
    statements = models.JSONField(help_text="The statements certified, exactly as worded on the form.")
    certified_at = models.DateTimeField()
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True)

    class Meta:
        ordering = ["-certified_at", "-pk"]
        default_permissions = ("add", "view")
        verbose_name = "certification"

    def __str__(self) -> str:
        return f"{self.printed_name}, certified {self.certified_at:%Y-%m-%d} ({self.version_text})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A certification is on record as it was made: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A certification is on record as it was made: it is never deleted.")


@receiver(pre_delete, sender=Certification)
@receiver(pre_delete, sender=CertificationInvitation)
@receiver(pre_delete, sender=CertificationCampaign)
def _refuse_certification_delete(sender, instance, **kwargs):
    """Queryset deletes too: the certification records are kept."""
    raise AppendOnlyError("Certification records are kept: they are never deleted.")


# -- quiet periods ------------------------------------------------------------------------------


class QuietPeriod(models.Model):
    """A quiet period on the committee's calendar: e.g. from a quarter's end until its results release.

    Company policy (DOMAIN.md, "Quiet periods"): spokespersons do not discuss results, and a
    release that is not the results release, timed inside one, needs its spokesperson to
    confirm with a reason at sign-off (conduct.quiet_periods). Stored in UTC, entered and shown
    in market time; from `starts_at` up to (not including) `ends_at`.
    """

    label = models.CharField(max_length=120, help_text="e.g. Q4 2026 quiet period")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", help_text="Usually the results release's time.")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The event page that shows this period on the public events calendar, once drafted
    # (conduct.quiet_periods.draft_calendar_entry); public only through the Disclosure Policy.
    calendar_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "quiet period"
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="conduct_quiet_period_span")]

    def __str__(self) -> str:
        return self.label

    def contains(self, moment: dt.datetime) -> bool:
        return self.starts_at <= moment < self.ends_at


class QuietPeriodConfirmation(models.Model):
    """A spokesperson's confirmation, at sign-off, that a release goes out in a quiet period, and why.

    Asked of each spokesperson who signs off a release that is not the results release and is
    timed inside a quiet period (disclosure's sign-off step); logged on the release as
    "conduct.quiet_period_confirmed". Written once.
    """

    period = models.ForeignKey(QuietPeriod, on_delete=models.PROTECT, related_name="confirmations")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    revision_id = models.PositiveIntegerField(help_text="The revision signed off.")
    task_state_id = models.PositiveIntegerField(null=True, blank=True)
    release_at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        default_permissions = ("add", "view")
        verbose_name = "quiet period confirmation"

    def __str__(self) -> str:
        return f"{self.user} confirmed page {self.page_id} in {self.period}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("A quiet period confirmation is on record as it was made.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("A quiet period confirmation is on record as it was made.")
