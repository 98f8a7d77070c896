"""Certification of the Code: campaigns, personal links, the certification itself, reminders, the export.

The Code: "This Code shall be distributed to each new employee, officer and director ... and
shall also be distributed annually ..., and each employee, officer and director shall certify
that he or she has received, read and understood the Code and has complied with its terms." Its
form asks for a printed name, a date and three statements. The rules, as plain functions the
admin views (conduct.certification_views), the public page, the task worker and the tests call:

- the Disclosure Committee starts a campaign (annual, or for new hires) against the version of
  the Code in force: the live Code page, its version label, effective date, live revision and
  governance's frozen version number are kept on the campaign;
- it invites Django users (chosen one by one or by group) and people without a login (name and
  e-mail address); each invitation has a personal link, signed over the invitation and a random
  key (`link_token`), sent by e-mail by the task worker (`send_invitation_message`);
- the person opens the link without logging in, reads the current version of the Code, and
  certifies: printed name, date, each statement ticked. The certification is written once, with
  the version the page showed them (refused if the Code changed while they read it), the time,
  address and browser; the link then opens only the record of it;
- the committee sees who has and has not certified, sends reminders to those who have not (a
  button; and, while the campaign is open and asks for it, once a week: `remind_due`), closes the
  campaign, and exports it as CSV for the audit committee.

Every step is a log entry on the campaign ("conduct.certification.*") for the audit trail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log

from django_tasks import task

from company.models import CompanyProfile
from conduct import waivers
from conduct.models import (
    CampaignKind,
    Certification,
    CertificationCampaign,
    CertificationInvitation,
)
from conduct.waivers import market_zone
from governance.code_import import CODE_SLUG
from governance.models import GovernanceDocumentPage, GovernanceDocumentVersion

STARTED_ACTION = "conduct.certification.campaign_started"
INVITED_ACTION = "conduct.certification.invited"
SENT_ACTION = "conduct.certification.sent"
REMINDED_ACTION = "conduct.certification.reminded"
CERTIFIED_ACTION = "conduct.certification.certified"
CLOSED_ACTION = "conduct.certification.closed"
EXPORTED_ACTION = "conduct.certification.exported"

# code, label (the audit trail's filter), message (Wagtail's history): one table for the hooks.
CERTIFICATION_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (STARTED_ACTION, "Certification campaign started", "Started a certification campaign of the Code"),
    (INVITED_ACTION, "Invited to certify the Code", "Invited a person to certify the Code"),
    (SENT_ACTION, "Certification e-mail sent", "Sent an invitation or reminder to certify the Code"),
    (REMINDED_ACTION, "Reminded to certify the Code", "Reminded a person who has not certified the Code"),
    (CERTIFIED_ACTION, "Code certified", "Certified the Code of Business Conduct and Ethics"),
    (CLOSED_ACTION, "Certification campaign closed", "Closed a certification campaign"),
    (EXPORTED_ACTION, "Certification campaign exported", "Exported a certification campaign (CSV)"),
)

_SALT = "conduct.certification.link"
REMINDER_INTERVAL = dt.timedelta(days=7)

# The seed Code's form (governance/code_import.py keeps it as the page's certification block);
# used only when the live Code page has no certification block.
SEED_INTRO = ("The undersigned", "do hereby certify that:")
SEED_STATEMENTS = (
    "I have received and carefully read the Code of Business Conduct and Ethics of Tecogen Inc.",
    "I understand the Code of Business Conduct and Ethics.",
    "I have complied and will continue to comply with the terms of the Code of Business Conduct and Ethics.",
)


class BadLink(Exception):
    """A personal link that does not open the form; `status` and the message say why (the page shows it)."""

    def __init__(self, message: str, status: int = 404, invitation: CertificationInvitation | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.invitation = invitation


# -- who keeps the campaigns ------------------------------------------------------------------------


def is_committee_member(user) -> bool:
    """The Disclosure Committee runs the campaigns (conduct.waivers' rule: superusers are not special)."""
    return waivers.is_committee_member(user)


# -- the Code as it is now --------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeForm:
    """The Code's certification form as the live page words it."""

    heading: str
    intro: tuple[str, ...]
    statements: tuple[str, ...]
    notice: str = ""


@dataclass(frozen=True)
class CodeVersion:
    """The version of the Code a campaign starts against and a person certifies: what the live page shows."""

    page: GovernanceDocumentPage
    version_label: str
    effective_date: dt.date | None
    revision_id: int | None
    number: int | None
    form: CodeForm
    body_html: str = ""

    def fields(self) -> dict:
        """The values CodeVersionFields keeps."""
        return {
            "code_page_id": self.page.pk,
            "version_label": self.version_label,
            "effective_date": self.effective_date,
            "revision_id": self.revision_id,
            "code_version_number": self.number,
        }

    @property
    def url(self) -> str:
        return self.page.get_url() or ""

    @property
    def version_url(self) -> str:
        if self.number is None:
            return ""
        try:
            return self.page.version_url(None, self.number)
        except Exception:  # noqa: BLE001 - a page without the versions route: the page's own URL is enough
            return ""


def _form_of(page: GovernanceDocumentPage) -> CodeForm:
    for block in page.body:
        if block.block_type == "certification":
            value = block.value
            statements = tuple(str(s).strip() for s in value.get("statements") or () if str(s).strip())
            if statements:
                return CodeForm(
                    heading=value.get("heading") or "Certification",
                    intro=tuple(str(line) for line in value.get("intro") or ()),
                    statements=statements,
                    notice=value.get("notice") or "",
                )
    return CodeForm(heading="Certification", intro=SEED_INTRO, statements=SEED_STATEMENTS)


def current_code() -> CodeVersion | None:
    """The Code as the public reads it now (its live page), or None when it is not published."""
    page = GovernanceDocumentPage.objects.live().filter(slug=CODE_SLUG).order_by("pk").first()
    if page is None:
        return None
    frozen = (
        GovernanceDocumentVersion.objects.filter(page_id=page.pk, version_label=page.version)
        .only("number", "body_html")
        .order_by("-number")
        .first()
    )
    return CodeVersion(
        page=page,
        version_label=page.version,
        effective_date=page.effective_date,
        revision_id=page.live_revision_id,
        number=frozen.number if frozen else None,
        form=_form_of(page),
        body_html=frozen.body_html if frozen else "",
    )


# -- personal links ---------------------------------------------------------------------------------


def link_token(invitation: CertificationInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "k": invitation.key}, salt=_SALT)


def link_url(invitation: CertificationInvitation) -> str:
    return get_admin_base_url() + reverse("conduct_certify", args=[link_token(invitation)])


def read_link(token: str) -> CertificationInvitation:
    """The invitation a link opens for certifying; BadLink (with the page's message) when it does not."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise BadLink(
            "This certification link is not valid. Copy the whole link from your e-mail, or ask the "
            "Disclosure Committee for a new one."
        ) from exc
    if not isinstance(payload, dict):
        raise BadLink("This certification link is not valid.")
    invitation = (
        CertificationInvitation.objects.select_related("campaign", "certification")
        .filter(pk=payload.get("i"), key=payload.get("k"))
        .first()
    )
    if invitation is None:
        raise BadLink("This certification link no longer belongs to an invitation.")
    if _certification_of(invitation) is not None:
        raise BadLink("This link has been used: the certification is on record.", status=410, invitation=invitation)
    if not invitation.campaign.is_open:
        raise BadLink(
            "This certification campaign is closed. If you still need to certify, ask the Disclosure Committee.",
            status=410,
            invitation=invitation,
        )
    return invitation


def _certification_of(invitation: CertificationInvitation) -> Certification | None:
    try:
        return invitation.certification
    except Certification.DoesNotExist:
        return None


# -- starting a campaign and inviting ---------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    user: object | None = None


@dataclass
class Invited:
    """What an invitation round did: who was invited, who was not and why."""

    created: list[CertificationInvitation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>\s]+)>$")


def parse_people(text: str) -> tuple[list[Invitee], list[str]]:
    """People without a login, one a line: `Name <address>` or `Name, address`; (invitees, errors by line)."""
    invitees, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _ANGLE.match(line)
        if match:
            name, email = match["name"].strip(" ,"), match["email"]
        elif "," in line:
            name, _, email = line.rpartition(",")
            name, email = name.strip(), email.strip()
        else:
            name, email = "", line
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                f"Line {number} (“{line}”): write a name and an e-mail address, e.g. “Jane Doe <jane@example.com>”."
            )
            continue
        if not name:
            errors.append(f"Line {number} (“{line}”): the person's name is missing.")
            continue
        invitees.append(Invitee(name=name[:200], email=email.lower()))
    return invitees, errors


def users_as_invitees(users=(), groups=()) -> tuple[list[Invitee], list[str]]:
    """Active users, chosen or by group, as invitees; (invitees, who was left out and why)."""
    User = get_user_model()
    chosen = (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=[u.pk for u in users]) | Q(groups__in=list(groups)))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    invitees, skipped = [], []
    for user in chosen:
        name = user.get_full_name() or user.get_username()
        if not user.email:
            skipped.append(f"{name} (user {user.get_username()}) has no e-mail address: give them one, then add them.")
            continue
        invitees.append(Invitee(name=name, email=user.email.lower(), user=user))
    return invitees, skipped


@transaction.atomic
def start_campaign(
    *,
    title: str,
    by,
    kind: str = CampaignKind.ANNUAL,
    due_on: dt.date | None = None,
    message: str = "",
    weekly_reminders: bool = True,
    invitees: list[Invitee] = (),
    now: dt.datetime | None = None,
) -> tuple[CertificationCampaign, Invited]:
    """Start a campaign against the Code in force now, and invite `invitees`; refused when the Code is not published."""
    code = current_code()
    if code is None:
        raise ValidationError(
            "The Code of Business Conduct and Ethics is not published: publish it, then start a campaign."
        )
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": ["Name the campaign, e.g. “2026 annual certification”."]})
    now = now or timezone.now()
    campaign = CertificationCampaign.objects.create(
        title=title,
        kind=kind,
        due_on=due_on,
        message=(message or "").strip(),
        weekly_reminders=weekly_reminders,
        started_by=by,
        started_at=now,
        **code.fields(),
    )
    log(
        instance=campaign,
        action=STARTED_ACTION,
        user=by,
        data={"title": title, "kind": kind, "version": code.version_label, "revision_id": code.revision_id},
    )
    return campaign, invite(campaign, invitees, by=by, now=now)


def invite(campaign: CertificationCampaign, invitees, *, by, now: dt.datetime | None = None) -> Invited:
    """Invite each of `invitees` once (by e-mail address) and send their links after the commit."""
    if not campaign.is_open:
        raise ValidationError("This campaign is closed: start a new one to invite more people.")
    now = now or timezone.now()
    result = Invited()
    seen = set(campaign.invitations.values_list("email", flat=True))
    for person in invitees:
        email = person.email.lower()
        if email in seen:
            result.skipped.append(f"{person.name} <{email}> is already invited.")
            continue
        seen.add(email)
        try:
            with transaction.atomic():
                invitation = CertificationInvitation.objects.create(
                    campaign=campaign,
                    user=person.user,
                    name=person.name,
                    email=email,
                    invited_by=by,
                    invited_at=now,
                )
        except IntegrityError:
            result.skipped.append(f"{person.name} <{email}> is already invited.")
            continue
        log(
            instance=campaign,
            action=INVITED_ACTION,
            user=by,
            data={"invitation": invitation.pk, "name": invitation.name, "email": email, "login": bool(person.user)},
        )
        _send_after_commit(invitation.pk, "invitation")
        result.created.append(invitation)
    return result


def _send_after_commit(invitation_id: int, kind: str) -> None:
    transaction.on_commit(lambda: send_invitation_message.enqueue(invitation_id, kind))


# -- the e-mail -------------------------------------------------------------------------------------


def _company() -> str:
    try:
        profile = CompanyProfile.for_default_site()
    except CompanyProfile.DoesNotExist:
        return ""
    return profile.legal_name or profile.short_name


def message_for(invitation: CertificationInvitation, kind: str) -> tuple[str, str]:
    """(subject, body) of the invitation or a reminder: the personal link and the version of the Code."""
    campaign = invitation.campaign
    company = _company() or "the company"
    code = current_code()
    version = f"version {code.version_label}" if code else campaign.version_text
    reminder = kind == "reminder"
    subject = (
        f"{'Reminder: please' if reminder else 'Please'} certify the Code of Business Conduct and Ethics ({company})"
    )
    lines = [f"Dear {invitation.name},", ""]
    if reminder:
        lines += ["You have not yet certified the Code of Business Conduct and Ethics for this campaign.", ""]
    lines += [
        f"{company} asks each employee, officer and director to certify that they have received, read and "
        f"understood its Code of Business Conduct and Ethics and have complied with its terms ({campaign.title}).",
        "",
        f"Please read the current version of the Code ({version}) and certify it on your personal page:",
        link_url(invitation),
        "",
    ]
    if campaign.due_on:
        lines += [f"Please certify by {campaign.due_on:%B} {campaign.due_on.day}, {campaign.due_on.year}.", ""]
    if campaign.message:
        lines += [campaign.message, ""]
    lines += [
        "The link is personal: do not forward it. You do not need to log in.",
        "Questions: the Chief Financial Officer or Chief Accounting Officer.",
    ]
    return subject, "\n".join(lines) + "\n"


@task()
def send_invitation_message(invitation_id: int, kind: str = "invitation") -> bool:
    """Send an invitation or reminder by e-mail (the task worker, not the request); False when there is nothing to send.

    Nothing goes to a person who has certified since, or for a closed campaign.
    """
    invitation = CertificationInvitation.objects.select_related("campaign").filter(pk=invitation_id).first()
    if invitation is None or not invitation.campaign.is_open or _certification_of(invitation) is not None:
        return False
    subject, body = message_for(invitation, kind)
    send_mail(subject, body, None, [invitation.email])
    now = timezone.now()
    CertificationInvitation.objects.filter(pk=invitation.pk).update(last_sent_at=now)
    log(
        instance=invitation.campaign,
        action=SENT_ACTION,
        data={"invitation": invitation.pk, "name": invitation.name, "email": invitation.email, "kind": kind},
    )
    return True


# -- reminders --------------------------------------------------------------------------------------


def pending(campaign: CertificationCampaign):
    """Invitations not certified yet, by name."""
    return campaign.invitations.filter(certification__isnull=True).order_by("name", "pk")


@transaction.atomic
def remind(campaign: CertificationCampaign, *, by=None, invitations=None, now: dt.datetime | None = None) -> int:
    """Remind everyone who has not certified (or those of `invitations` who have not); logged, sent after the commit."""
    if not campaign.is_open:
        raise ValidationError("This campaign is closed: nobody is reminded.")
    now = now or timezone.now()
    targets = pending(campaign) if invitations is None else pending(campaign).filter(pk__in=[i.pk for i in invitations])
    count = 0
    for invitation in targets:
        CertificationInvitation.objects.filter(pk=invitation.pk).update(
            reminders_sent=F("reminders_sent") + 1, last_sent_at=now
        )
        log(
            instance=campaign,
            action=REMINDED_ACTION,
            user=by,
            data={
                "invitation": invitation.pk,
                "name": invitation.name,
                "email": invitation.email,
                "reminder": invitation.reminders_sent + 1,
                "how": "by hand" if by is not None else "weekly reminder",
            },
        )
        _send_after_commit(invitation.pk, "reminder")
        count += 1
    return count


def remind_due(now: dt.datetime | None = None) -> int:
    """The weekly reminders: each person pending in an open campaign that asks for them, last written to 7+ days ago."""
    now = now or timezone.now()
    count = 0
    for campaign in CertificationCampaign.objects.filter(closed_at__isnull=True, weekly_reminders=True):
        due = pending(campaign).filter(
            Q(last_sent_at__lte=now - REMINDER_INTERVAL)
            | Q(last_sent_at__isnull=True, invited_at__lte=now - REMINDER_INTERVAL)
        )
        due = list(due)
        if due:
            count += remind(campaign, invitations=due, now=now)
    return count


@task()
def send_weekly_certification_reminders() -> int:
    """The weekly reminders, enqueued hourly by the publisher (conduct/schedule.py); returns how many."""
    return remind_due()


# -- certifying -------------------------------------------------------------------------------------


def market_today() -> dt.date:
    return timezone.localdate(timezone.now(), market_zone()[0])


@transaction.atomic
def certify(
    invitation: CertificationInvitation,
    *,
    printed_name: str,
    signed_on: dt.date | None,
    ticked: list[bool],
    shown_revision_id: int | None,
    address: str | None = None,
    user_agent: str = "",
) -> Certification:
    """Record the certification as the Code's form asks; ValidationError (by field) when it is incomplete.

    `ticked` is one flag per statement of the form shown; `shown_revision_id` the Code's revision
    the page showed (refused when the Code changed since: the person must read what they certify).
    """
    invitation = CertificationInvitation.objects.select_for_update().select_related("campaign").get(pk=invitation.pk)
    if _certification_of(invitation) is not None:
        raise ValidationError("You have certified already: the certification is on record.")
    if not invitation.campaign.is_open:
        raise ValidationError("This certification campaign is closed.")
    code = current_code()
    if code is None:
        raise ValidationError("The Code is not published at the moment: try again later.")
    errors: dict[str, list[str]] = {}
    if shown_revision_id is not None and code.revision_id is not None and int(shown_revision_id) != code.revision_id:
        errors["__all__"] = [
            f"The Code was amended while you were reading it: it is now version {code.version_label}. "
            "Please read the current version below and certify again."
        ]
    name = " ".join((printed_name or "").split())
    if not name:
        errors["printed_name"] = ["Print your name, as on the Code's form."]
    today = market_today()
    if signed_on is None:
        errors["signed_on"] = ["Write the date."]
    elif signed_on > today:
        errors["signed_on"] = [f"The date cannot be later than today ({today:%B} {today.day}, {today.year})."]
    statements = code.form.statements
    missing = [n for n, flag in enumerate(statements, start=1) if not (n <= len(ticked) and ticked[n - 1])]
    for n in missing:
        errors[f"statement_{n}"] = [
            f"Tick statement {n} to certify it. If you cannot, contact the Chief Financial Officer instead."
        ]
    if errors:
        raise ValidationError(errors)
    certification = Certification.objects.create(
        invitation=invitation,
        printed_name=name[:200],
        signed_on=signed_on,
        statements=list(statements),
        certified_at=timezone.now(),
        address=address or None,
        user_agent=(user_agent or "")[:1000],
        **code.fields(),
    )
    log(
        instance=invitation.campaign,
        action=CERTIFIED_ACTION,
        user=invitation.user,
        data={
            "invitation": invitation.pk,
            "name": invitation.name,
            "printed_name": certification.printed_name,
            "date": signed_on.isoformat(),
            "version": certification.version_label,
            "revision_id": certification.revision_id,
            "address": certification.address,
        },
    )
    return certification


# -- the committee's view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    invited: int
    certified: int

    @property
    def pending(self) -> int:
        return self.invited - self.certified


def counts(campaign: CertificationCampaign) -> Counts:
    figures = campaign.invitations.aggregate(
        invited=Count("pk"), certified=Count("pk", filter=Q(certification__isnull=False))
    )
    return Counts(invited=figures["invited"], certified=figures["certified"])


def campaigns_with_counts():
    return CertificationCampaign.objects.select_related("started_by", "closed_by").annotate(
        invited_count=Count("invitations", distinct=True),
        certified_count=Count("invitations__certification", distinct=True),
    )


@transaction.atomic
def close_campaign(campaign: CertificationCampaign, *, by, now: dt.datetime | None = None) -> CertificationCampaign:
    """Close the campaign: its links stop opening the form; who did not certify stays on the record."""
    campaign = CertificationCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError("This campaign is closed already.")
    figures = counts(campaign)
    campaign.closed_at, campaign.closed_by = now or timezone.now(), by
    campaign.save(update_fields=["closed_at", "closed_by"])
    log(
        instance=campaign,
        action=CLOSED_ACTION,
        user=by,
        data={"invited": figures.invited, "certified": figures.certified, "not_certified": figures.pending},
    )
    return campaign


# -- the export for the audit committee -------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = (
    "Campaign",
    "Kind",
    "Campaign started against",
    "Name (invited)",
    "E-mail",
    "Login",
    "Invited",
    "Last e-mail",
    "Reminders",
    "Status",
    "Printed name",
    "Date on the form",
    "Certified at",
    "Version certified",
    "Effective date",
    "Code revision",
    "Code version number",
    "Statements certified",
    "IP address",
    "Browser (user agent)",
)


def csv_cell(value) -> str:
    """A CSV cell's text; one a spreadsheet would read as a formula is quoted (also the register's export)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_moment(value: dt.datetime | None, tz) -> str:
    """A time in the CSV exports: market time, ISO 8601 with its offset ("" for none)."""
    return value.astimezone(tz).isoformat(timespec="seconds") if value else ""


def export_rows(campaign: CertificationCampaign) -> list[list[str]]:
    tz = market_zone()[0]
    invitations = campaign.invitations.select_related("user", "certification").order_by("name", "pk")
    rows = []
    for invitation in invitations:
        done = _certification_of(invitation)
        rows.append(
            [
                campaign.title,
                campaign.get_kind_display(),
                campaign.version_text,
                invitation.name,
                invitation.email,
                invitation.user.get_username() if invitation.user else "",
                csv_moment(invitation.invited_at, tz),
                csv_moment(invitation.last_sent_at, tz),
                invitation.reminders_sent,
                "certified" if done else "not certified",
                done.printed_name if done else "",
                done.signed_on.isoformat() if done else "",
                csv_moment(done.certified_at, tz) if done else "",
                done.version_label if done else "",
                done.effective_date.isoformat() if done and done.effective_date else "",
                done.revision_id if done else "",
                done.code_version_number if done and done.code_version_number else "",
                " | ".join(f"{n}. {s}" for n, s in enumerate(done.statements, start=1)) if done else "",
                done.address if done and done.address else "",
                done.user_agent if done else "",
            ]
        )
    return rows


def export_csv(campaign: CertificationCampaign, *, by) -> str:
    """The campaign as CSV (times in market time, ISO 8601 with offset); the export is logged."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = export_rows(campaign)
    writer.writerows([[csv_cell(value) for value in row] for row in rows])
    figures = counts(campaign)
    log(
        instance=campaign,
        action=EXPORTED_ACTION,
        user=by,
        data={"rows": len(rows), "certified": figures.certified, "not_certified": figures.pending},
    )
    return out.getvalue()
