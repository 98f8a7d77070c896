"""The demo site `make serve` shows: the sample company, its reference release, its Code.

Idempotent: running it again changes nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
import io
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Revision, Site

from PIL import Image as PILImage

from alerts.models import Subscriber
from alerts.permissions import grant_alert_admin
from alerts.subscriptions import Client, Topics, confirm, request_subscription, unsubscribe
from company.models import CompanyProfile, HomePage
from demo.conduct_certification import build_conduct_certification
from demo.conduct_waivers import build_conduct_waivers
from demo.events import EARNINGS_SLUG, build_events, earnings_call_start
from demo.filings import build_filings
from demo.governance import build_governance
from demo.identity import build_identity
from disclosure.actions import SIGN_OFF_ONLY_ROUTE
from disclosure.committee import bootstrap, is_member
from disclosure.guard import historical_record
from disclosure.models import Spokesperson, SpokespersonSignOffTask
from disclosure.routes import latest_decision, route_page
from disclosure.schedule import record_exchange_notice
from disclosure.services import (
    DISCLOSURE_COMMITTEE,
    designate,
    ensure_disclosure_policy,
    place_under_disclosure_policy,
)
from events.models import EventPage
from insiders.models import PermanentInsider
from insiders.recording import insider_for_user
from insiders.records import add_permanent
from ir_site.serve_port import port_given, serve_port
from releases.corrections import start_correction
from releases.models import (
    Category,
    MediaContact,
    NewsroomPage,
    PressReleasePage,
    ReleaseAttachment,
    ReleaseContact,
    ReleaseVersion,
)
from releases.wire_import import import_wire_text

DEFAULT_DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - demo only, overridable by DEMO_PASSWORD
SAMPLE_DATA = settings.BASE_DIR / "sample_data"
REFERENCE_RELEASE = SAMPLE_DATA / "press-release-2011-12-02-private-placement.txt"
CODE_OF_CONDUCT = SAMPLE_DATA / "code-of-business-conduct-and-ethics.txt"

PR_TEAM = "PR team"
EXECUTIVES = "Executives"

TECOGEN = {
    "legal_name": "Tecogen Inc.",
    "short_name": "Tecogen",
    "ticker": "TGEN",
    "exchange": "nasdaq",
    "website": "https://www.tecogen.com",
    "dateline_city": "WALTHAM",
    "dateline_state": "Massachusetts",
    "default_wire": "prnewswire",
    "market_time_zone": "America/New_York",
    "postal_address": "Tecogen Inc.\n45 First Avenue\nWaltham, MA 02451",
    "boilerplate": (
        "Tecogen manufactures highly efficient, ultra-clean Combined Heat and Power (CHP) products "
        "including natural gas engine-driven cogeneration and air conditioning systems for industrial "
        "and commercial use. Tecogen has an installed base of more than 2,100 units, supported by an "
        "established network of engineering, sales, and service personnel across the United States. "
        "For more information, please visit www.tecogen.com."
    ),
    "forward_looking_legend": (
        "This press release contains forward-looking statements within the meaning of Section 27A of "
        "the Securities Act of 1933 and Section 21E of the Securities Exchange Act of 1934, which are "
        "made under the safe harbor provisions of the Private Securities Litigation Reform Act of 1995. "
        "Actual results may differ materially because of the risk factors described in the Company's "
        "filings with the Securities and Exchange Commission. The Company undertakes no obligation to "
        "update these statements."
    ),
}

CATEGORIES = [
    ("Financing", "financing"),
    ("Financial results", "financial-results"),
    ("Products", "products"),
    ("Corporate governance", "corporate-governance"),
]

# username -> (first, last, title, group, superuser)
USERS = {
    "drafter": ("Dana", "Drafter", "PR Manager", PR_TEAM, False),
    "president": ("Robert", "Panora", "President and Chief Operating Officer", EXECUTIVES, False),
    "ceo": ("John", "Hatsopoulos", "Chief Executive Officer", EXECUTIVES, False),
    "compliance": ("Bonnie", "Brown", "Chief Financial Officer (compliance)", DISCLOSURE_COMMITTEE, False),
    # A second committee member: committee changes need two (one proposes, another confirms).
    "counsel": ("Ann", "Langley", "General Counsel", DISCLOSURE_COMMITTEE, False),
    "admin": ("Site", "Administrator", "", None, True),
}

# Page permissions on the newsroom per group: editing rights only. Nobody holds
# publish permission; the Disclosure Policy workflow alone puts a release live.
PAGE_PERMISSIONS = {
    PR_TEAM: ["add_page", "change_page"],
    EXECUTIVES: ["add_page", "change_page"],
    DISCLOSURE_COMMITTEE: ["change_page"],
}


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def _ensure_site_tree() -> tuple[HomePage, NewsroomPage]:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Tecogen Investor Relations",
                slug="tecogen-home",
                intro="<p>Press releases, governance documents and feeds for investors in Tecogen Inc.</p>",
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        # The demo is served by `make serve` on 127.0.0.1:$PORT; canonical URLs say so.
        site.hostname = "127.0.0.1"
        site.port = serve_port()
        site.site_name = "Tecogen Investor Relations"
        site.root_page = home
        site.save()
    elif port_given() and site.hostname == "127.0.0.1" and site.port != serve_port():
        # A database made under another PORT: feeds and the sitemap would name the old port.
        site.port = serve_port()
        site.save(update_fields=["port"])
    # Wagtail's "Welcome" page is not part of our site.
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(content_type__model="page").delete()
    newsroom = NewsroomPage.objects.first()
    if newsroom is None:
        newsroom = home.add_child(
            instance=NewsroomPage(
                title="Newsroom",
                slug="news",
                intro="<p>Press releases of Tecogen Inc., newest first. Times are Eastern Time (ET).</p>",
            )
        )
        newsroom.save_revision().publish()
    return home, newsroom


def _ensure_profile(site: Site) -> CompanyProfile:
    profile = CompanyProfile.for_site(site)
    if any(getattr(profile, key) != value for key, value in TECOGEN.items()):
        for key, value in TECOGEN.items():
            setattr(profile, key, value)
        profile.save()
    return profile


def _ensure_groups(newsroom: NewsroomPage) -> dict[str, Group]:
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, perms in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for codename in perms:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=newsroom,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        for codename, app in [
            ("add_document", "wagtaildocs"),
            ("change_document", "wagtaildocs"),
            ("choose_document", "wagtaildocs"),
            ("add_image", "wagtailimages"),
            ("change_image", "wagtailimages"),
            ("choose_image", "wagtailimages"),
        ]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app, codename=codename),
            )
        if name == PR_TEAM:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="releases",
                    codename__in=[
                        "add_category",
                        "change_category",
                        "view_category",
                        "add_mediacontact",
                        "change_mediacontact",
                        "view_mediacontact",
                    ],
                )
            )
        groups[name] = group
    # Admin → E-mail alerts: the PR team sees and exports subscribers; erasure on request is the committee's.
    grant_alert_admin(groups[PR_TEAM], erase=False)
    grant_alert_admin(groups[DISCLOSURE_COMMITTEE], erase=True)
    return groups


def _ensure_page_permissions(groups: dict[str, Group], pages) -> None:
    """The newsroom's page permissions on the events and governance indexes: drafting, never publishing."""
    for name, perms in PAGE_PERMISSIONS.items():
        for page in pages:
            for codename in perms:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=page,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )


def _ensure_users(groups: dict[str, Group], password: str) -> None:
    User = get_user_model()
    for username, (first, last, _title, group, superuser) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@tecogen.example"},
        )
        if created or not user.check_password(password):
            user.set_password(password)
        user.is_superuser = user.is_staff = superuser
        user.save()
        if group == DISCLOSURE_COMMITTEE:
            _ensure_committee_member(user)
        elif group:
            user.groups.add(groups[group])


def _ensure_committee_member(user) -> None:
    """The committee is seeded the way a fresh install seeds it: a bootstrap, logged with its reason."""

    if not is_member(user):
        bootstrap([user], reason="Demo: the sample company's compliance officer and counsel seed the committee.")


def _ensure_categories() -> dict[str, Category]:
    return {slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in CATEGORIES}


def _ensure_reference_release(newsroom: NewsroomPage, categories: dict[str, Category]) -> PressReleasePage:
    """Import the reference release from its wire text and publish it with its real date."""

    existing = PressReleasePage.objects.filter(title="Tecogen Raises Over $2.9 Million").first()
    if existing is not None:
        return existing
    drafter = get_user_model().objects.get(username="drafter")
    page = import_wire_text(
        REFERENCE_RELEASE.read_text(encoding="utf-8"), newsroom, user=drafter, release_time=dt.time(8, 0)
    )
    page.is_material = True  # a private sale of securities: a listed event under Nasdaq IM-5250-1
    page.categories.set([categories["financing"]])
    revision = page.save_revision(user=drafter)
    # Historical record: the release went out on 2 Dec 2011, before the Disclosure Policy
    # workflow existed. It is loaded as published history, not decided anew, so it is
    # published directly with its real dates, through the one sanctioned, logged exception.

    with historical_record("Released on the wire on 2 December 2011, before the Disclosure Policy system existed"):
        revision.publish(skip_permission_checks=True)
    PressReleasePage.objects.filter(pk=page.pk).update(
        first_published_at=page.release_at, last_published_at=page.release_at
    )
    return PressReleasePage.objects.get(pk=page.pk)


def _ensure_disclosure_policy(newsroom: NewsroomPage) -> None:
    """The Disclosure Policy workflow on the newsroom; president and CEO designated by compliance."""

    ensure_disclosure_policy(newsroom, material_signoffs=2, signoffs=1)
    User = get_user_model()
    compliance = User.objects.get(username="compliance")
    for username in ("president", "ceo"):
        user = User.objects.get(username=username)
        if not Spokesperson.objects.active().filter(user=user).exists():
            designate(user, title=USERS[username][2], by=compliance, note="Demo designation")


CONFERENCE_ROUTE_REASON = (
    "Demo: a conference presentation's date and place are not results; the committee judges one "
    "spokesperson's sign-off fit. Earnings calls keep the full Disclosure Policy."
)


def _route_conference_through_sign_off_only(conference: Page) -> None:
    """The committee's lighter route for the conference event (disclosure.routes), chosen once, as a member would."""
    if latest_decision(conference.pk) is not None:
        return  # the committee has decided this page's route: a rerun does not decide again
    compliance = get_user_model().objects.get(username="compliance")
    route_page(conference.pk, route=SIGN_OFF_ONLY_ROUTE, by=compliance, reason=CONFERENCE_ROUTE_REASON)


def _ensure_permanent_insiders() -> None:
    """The committee and the spokespersons see every material release before it is out: permanent insiders."""
    User = get_user_model()
    compliance = User.objects.get(username="compliance")
    for username in ("compliance", "counsel", "president", "ceo"):
        user = User.objects.get(username=username)
        if not PermanentInsider.objects.filter(insider__user=user, until__isnull=True).exists():
            role = "Disclosure Committee" if username in ("compliance", "counsel") else "authorized spokesperson"
            insider = insider_for_user(user)
            insider.function = f"{USERS[username][2]}: {role}"
            insider.professional_phone = "+1 781 466 6400"
            insider.save(update_fields=["function", "professional_phone"])
            add_permanent(user, by=compliance)


@transaction.atomic
def load_demo() -> dict:
    """Build (or complete) the demo site; returns what it made for the command to print."""
    home, newsroom = _ensure_site_tree()
    site = Site.objects.get(is_default_site=True)
    _ensure_profile(site)
    groups = _ensure_groups(newsroom)
    password = demo_password()
    _ensure_users(groups, password)
    categories = _ensure_categories()
    _ensure_subscribers(categories)
    release = _ensure_reference_release(newsroom, categories)

    _ensure_disclosure_policy(newsroom)
    _ensure_permanent_insiders()
    upcoming = _ensure_upcoming_release(newsroom)
    results = _ensure_results_release(newsroom, categories)
    corrected = _ensure_corrected_release(newsroom)

    # The IR site around the newsroom (issue 21) and the Code's records (issue 18). Every page
    # type below goes public only through the Disclosure Policy: the demo's pages are loaded as
    # logged historical records (demo/governance.py, demo/events.py) or walked through the
    # workflow by the demo users (the waiver disclosure).
    identity = build_identity(site)
    governance = build_governance(home)
    code = governance["code"]
    events = build_events(home, earnings_release=results)
    for index in (governance["index"], events["index"]):
        place_under_disclosure_policy(index)
    _ensure_page_permissions(groups, [governance["index"], events["index"]])
    _route_conference_through_sign_off_only(events["conference"])
    filings = build_filings(groups)
    conduct_waivers = build_conduct_waivers(governance["index"])
    conduct_certification = build_conduct_certification()
    return {
        "home": home,
        "newsroom": newsroom,
        "release": release,
        "upcoming": upcoming,
        "results": results,
        "corrected": corrected,
        "code": code,
        "identity": identity,
        "governance": governance,
        "events": events,
        "filings": filings,
        "conduct_waivers": conduct_waivers,
        "conduct_certification": conduct_certification,
        "password": password,
    }


# -- e-mail alert subscribers ------------------------------------------------------------

DEMO_SUBSCRIBERS = [
    # (address, category slugs or None for all releases, what they did)
    ("anna.investor@example.com", None, "confirmed"),
    ("fund.manager@example.org", ["financing"], "confirmed"),
    ("analyst@example.net", None, "asked"),
    ("former.holder@example.com", None, "left"),
]


def _ensure_subscribers(categories: dict[str, Category]) -> None:
    """Investors who signed up the way the public form signs them up (their consent on record).

    Made before the demo's releases go public, so the corrected release's alert goes to them when the
    task worker starts (Admin → E-mail alerts shows it and the Outbox holds the messages).
    """
    if Subscriber.objects.exists():
        return
    client = Client(user_agent="Demo data (manage.py load_demo)", address="127.0.0.1")
    company = TECOGEN["legal_name"]
    for address, slugs, did in DEMO_SUBSCRIBERS:
        chosen = tuple(categories[slug] for slug in slugs or () if slug in categories)
        request_subscription(address, Topics(all_releases=not chosen, categories=chosen), client, company)
        subscriber = Subscriber.objects.get(email=address)
        if did in ("confirmed", "left"):
            confirm(subscriber, client, company)
        if did == "left":
            unsubscribe(subscriber, client, how="unsubscribe link")


# -- scheduled releases through the whole Disclosure Policy chain -------------------------

UPCOMING_TITLE = "Tecogen to Present at the Winter Clean Energy Investor Conference"


def _decide_current_step(page: PressReleasePage, user) -> None:
    state = PressReleasePage.objects.get(pk=page.pk).current_workflow_state.current_task_state.specific
    # A sign-off confirms the revision it signs, as the admin's Sign off modal does.
    # A release timed in a quiet period asks for a reason (conduct.quiet_periods); ignored outside one.
    confirm = (
        {"revision": state.revision_id, "quiet_period_reason": "Demo release: not about results."}
        if isinstance(state.task.specific, SpokespersonSignOffTask)
        else {}
    )
    state.task.specific.on_action(state, user, "approve", comment="", **confirm)


def _demo_files(slug: str):
    """A small PDF and a PNG chart, uploaded as the drafter would for the release."""

    pdf = get_document_model().objects.create(
        title=f"{slug} (PDF)", file=ContentFile(b"%PDF-1.4\n% demo release\n%%EOF\n", name=f"{slug}.pdf")
    )
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (0, 70, 127)).save(buffer, "PNG")
    image = get_image_model().objects.create(title=f"{slug} chart", file=ImageFile(buffer, name=f"{slug}-chart.png"))
    return pdf, image


def _draft(*, title: str, slug: str, release_at: dt.datetime, body: str, **fields) -> PressReleasePage:
    """A demo release not yet in the tree: one paragraph, Tecogen's dateline and wire."""
    return PressReleasePage(
        title=title,
        slug=slug,
        release_at=release_at,
        dateline_city=TECOGEN["dateline_city"],
        dateline_state=TECOGEN["dateline_state"],
        wire=TECOGEN["default_wire"],
        body=[("paragraph", f"<p>{body}</p>")],
        live=False,
        **fields,
    )


@transaction.atomic
def schedule_release(
    newsroom: NewsroomPage,
    *,
    title: str,
    slug: str,
    release_at: dt.datetime,
    body: str,
    material: bool = False,
    with_files: bool = False,
    categories=(),
) -> dict:
    """Draft a release as `drafter`, take it through review and sign-off as the demo users: it is scheduled.

    A material release gets both spokespersons' sign-offs and an exchange notice recorded by
    compliance now (so it is not held at its time).
    """

    User = get_user_model()
    drafter, compliance = User.objects.get(username="drafter"), User.objects.get(username="compliance")
    page = _draft(title=title, slug=slug, release_at=release_at, body=body, owner=drafter, is_material=material)
    page.categories.set(categories)  # written with the page, and frozen into its revision (what is signed)
    files = {}
    if with_files:
        pdf, image = _demo_files(slug)
        page.body.append(("image", {"image": image, "alt_text": f"Chart for {title}", "caption": ""}))
        page.attachments.add(ReleaseAttachment(document=pdf, label="Full release (PDF)"))
        files = {"pdf": pdf.url, "image": image.file.url}
    newsroom.add_child(instance=page)
    page.save_revision(user=drafter)
    page.get_workflow().start(page, drafter)
    _decide_current_step(page, compliance)
    signers = ["ceo", "president"] if material else ["ceo"]
    if material:
        record_exchange_notice(
            page, notified_at=timezone.now(), notified_by=compliance, reference="demo", by=compliance
        )
    for username in signers:
        _decide_current_step(page, User.objects.get(username=username))
    page = PressReleasePage.objects.get(pk=page.pk)
    return {"page": page, "url": page.url, "release_at": release_at, **files}


def next_business_morning(now: dt.datetime | None = None) -> dt.datetime:
    """8:00 a.m. ET on the next weekday after `now`: when the demo's upcoming release goes out."""
    tz = CompanyProfile.for_site(Site.objects.get(is_default_site=True)).tz
    day = timezone.localtime(now or timezone.now(), tz).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz)


def _ensure_upcoming_release(newsroom: NewsroomPage) -> PressReleasePage | None:
    """One approved release waiting for its time, so Admin → Scheduled releases has something to show."""

    if Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists():
        return None
    release_at = next_business_morning()
    slug = f"winter-investor-conference-{release_at:%Y-%m-%d}"
    if PressReleasePage.objects.filter(slug=slug).exists():
        return None
    return schedule_release(
        newsroom,
        title=UPCOMING_TITLE,
        slug=slug,
        release_at=release_at,
        body=(
            "Tecogen Inc. (Nasdaq: TGEN) today announced that its management will present at the Winter "
            "Clean Energy Investor Conference."
        ),
        with_files=True,
    )["page"]


RESULTS_TITLE = "Tecogen Reports Fourth Quarter Results"
RESULTS_SLUG = "tecogen-reports-fourth-quarter-results"
# On the earnings call's day, after the market's close (and the wires' 4:00 to 4:05 p.m. rush),
# twenty minutes before the call at 4:30 p.m.
RESULTS_TIME = dt.time(16, 10)


def _ensure_results_release(newsroom: NewsroomPage, categories: dict[str, Category]) -> PressReleasePage | None:
    """The results the demo's earnings call discusses: approved, scheduled for the call's day, tied to the call.

    Material (two spokespersons' sign-offs, the exchange notice recorded) and in "Financial results":
    the results release is what ends a quiet period, so one it falls in asks its signers for no
    confirmation (conduct.quiet_periods). It is made with the call: a call an earlier `load_demo`
    built keeps the releases it has.
    """
    existing = PressReleasePage.objects.filter(slug=RESULTS_SLUG).first()
    if existing is not None:
        return existing
    if EventPage.objects.filter(slug=EARNINGS_SLUG).exists():
        return None
    tz = CompanyProfile.for_site(Site.objects.get(is_default_site=True)).tz
    release_at = dt.datetime.combine(earnings_call_start(tz).date(), RESULTS_TIME, tzinfo=tz)
    return schedule_release(
        newsroom,
        title=RESULTS_TITLE,
        slug=RESULTS_SLUG,
        release_at=release_at,
        body=(
            "Tecogen Inc. (Nasdaq: TGEN) today reported its results for the fourth quarter. Management will "
            "discuss them on a conference call today at 4:30 p.m. ET (webcast and dial-in on the company's "
            "events page). This demo release stands in for the results release and gives no figures."
        ),
        material=True,
        categories=[categories["financial-results"]],
    )["page"]


# -- a corrected release: both versions on the site ---------------------------------------

CORRECTED_SLUG = "tecogen-annual-meeting-of-stockholders"
CORRECTED_NOTE = (
    "In the first paragraph, the meeting time should read 10:00 a.m. ET, not 11:00 a.m. ET, as previously stated."
)
_MEETING_TEXT = (
    "Tecogen Inc. (Nasdaq: TGEN) today announced that its Annual Meeting of Stockholders will be held at "
    "{time} a.m. ET at the company's offices at 45 First Avenue, Waltham, Massachusetts."
)


def _take_through_policy(page: PressReleasePage, drafter, compliance, ceo) -> PressReleasePage:
    page.save_revision(user=drafter)
    page.get_workflow().start(page, drafter)
    _decide_current_step(page, compliance)
    _decide_current_step(page, ceo)
    return PressReleasePage.objects.get(pk=page.pk)


@transaction.atomic
def _ensure_corrected_release(newsroom: NewsroomPage) -> PressReleasePage:
    """A release that went out with a wrong time and was corrected through the whole Disclosure Policy chain."""
    existing = PressReleasePage.objects.filter(slug=CORRECTED_SLUG).first()
    if existing is not None:
        return existing
    User = get_user_model()
    drafter, compliance, ceo = (User.objects.get(username=name) for name in ("drafter", "compliance", "ceo"))
    tz = CompanyProfile.for_site(Site.objects.get(is_default_site=True)).tz
    day = timezone.localtime(timezone.now(), tz).date() - dt.timedelta(days=7)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    release_at = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz)
    page = _draft(
        title="Tecogen to Hold Annual Meeting of Stockholders",
        slug=CORRECTED_SLUG,
        release_at=release_at,
        body=_MEETING_TEXT.format(time="11:00"),
        owner=drafter,
    )
    contact = MediaContact.objects.order_by("pk").first()
    if contact is not None:
        page.contacts.add(ReleaseContact(contact=contact))
    newsroom.add_child(instance=page)
    page = _take_through_policy(page, drafter, compliance, ceo)
    # The first text went out at its release time a week ago (the demo is built today): date it so.
    PressReleasePage.objects.filter(pk=page.pk).update(first_published_at=release_at, last_published_at=release_at)
    ReleaseVersion.objects.filter(page_id=page.pk, number=1).update(published_at=release_at)
    start_correction(PressReleasePage.objects.get(pk=page.pk), drafter, CORRECTED_NOTE)
    draft = PressReleasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.body = [("paragraph", f"<p>{_MEETING_TEXT.format(time='10:00')}</p>")]
    return _take_through_policy(draft, drafter, compliance, ceo)
