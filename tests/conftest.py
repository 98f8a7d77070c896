import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page, Site

import pytest

from company.models import CompanyProfile, HomePage
from disclosure.committee import bootstrap
from disclosure.services import DISCLOSURE_COMMITTEE, designate, ensure_disclosure_policy
from releases.models import NewsroomPage
from tests.support.demo import load_demo_site
from tests.support.privacy import files_on_disk

TECOGEN_BOILERPLATE = (
    "Tecogen manufactures highly efficient, ultra-clean Combined Heat and Power (CHP) products "
    "including natural gas engine-driven cogeneration and air conditioning systems for industrial "
    "and commercial use."
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the local-memory cache outlives the rolled-back
    database of the test before it (same page ids, same feeds generation)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Files on disk, as in production (Wagtail serves documents from a file path when it has one)."""
    files_on_disk(settings, tmp_path)


@pytest.fixture
def demo(db, monkeypatch) -> NewsroomPage:
    """The site `manage.py load_demo` builds (users, groups, workflow, newsroom); returns its newsroom."""
    load_demo_site(monkeypatch)
    return NewsroomPage.objects.get()


@pytest.fixture
def home(db) -> HomePage:
    """The site tree the demo builds: root > home > newsroom, with the company profile."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Tecogen Investor Relations", slug="ir-home"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()  # Wagtail's welcome page
    profile = CompanyProfile.for_site(site)
    profile.legal_name = "Tecogen Inc."
    profile.short_name = "Tecogen"
    profile.ticker = "TGEN"
    profile.exchange = "nasdaq"
    profile.boilerplate = TECOGEN_BOILERPLATE
    profile.forward_looking_legend = "This release contains forward-looking statements."
    profile.dateline_city = "WALTHAM"
    profile.dateline_state = "Massachusetts"
    profile.website = "https://www.tecogen.com"
    profile.postal_address = "Tecogen Inc.\n45 First Avenue\nWaltham, MA 02451"
    profile.save()
    return home


@pytest.fixture
def newsroom(home) -> NewsroomPage:
    page = home.add_child(instance=NewsroomPage(title="Newsroom", slug="news"))
    page.save_revision().publish()
    return page


@pytest.fixture
def profile(home) -> CompanyProfile:
    return CompanyProfile.for_site(Site.objects.get(is_default_site=True))


# The roles fixture sits here, not in tests/disclosure, because two-factor's tests (tests/accounts)
# sign its people in too. Its spokespersons are the company's standing designations: in force since
# long before any moment a test's clock travels to (a designation made "now", at the real time the
# suite runs, would not yet be in force at a frozen moment earlier than that, and tests would fail by date).
DESIGNATED_SINCE = dt.datetime(2000, 1, 1, 14, tzinfo=dt.UTC)


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, password="pw", first_name=username.title())  # noqa: S106
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def roles(newsroom):
    """Demo-shaped roles: drafter (PR team), compliance, two spokespersons, a plain executive."""
    access = Permission.objects.get(codename="access_admin")
    pr_team = Group.objects.create(name="PR team")
    executives = Group.objects.create(name="Executives")
    committee, _ = Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)
    for group, perms in [
        (pr_team, ["add", "change"]),
        (executives, ["add", "change", "publish"]),
        (committee, ["change"]),
    ]:
        group.permissions.add(access)
        for perm in perms:
            GroupPagePermission.objects.create(group=group, page=newsroom, permission_type=perm)
    users = {
        "drafter": _user("drafter", pr_team),
        "compliance": _user("compliance"),
        "president": _user("president", executives),
        "ceo": _user("ceo", executives),
        "cfo": _user("cfo", executives),
    }
    bootstrap([users["compliance"]], reason="Test fixture: the company's compliance officer.")
    for who, title in (("president", "President and Chief Operating Officer"), ("ceo", "Chief Executive Officer")):
        designate(
            users[who],
            title=title,
            by=users["compliance"],
            effective_from=DESIGNATED_SINCE,
            historical_reason="Test fixture: a standing designation made before the register existed.",
        )
    ensure_disclosure_policy(newsroom)
    return users
