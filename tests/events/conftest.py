import pytest

from tests.support.events import make_events_index
from tests.support.privacy import purge_endpoint as loopback_purge_endpoint


@pytest.fixture
def index(home):
    """`/events/`, live, under the home page of the `home` fixture."""
    return make_events_index(home)


@pytest.fixture
def purge_endpoint():
    """A CDN's purge endpoint (tests.support.privacy); yields the (host, path) pairs purged."""
    with loopback_purge_endpoint() as received:
        yield received
