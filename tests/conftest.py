from wagtail.models import Page, Site

import pytest

from company.models import CompanyProfile, HomePage
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
