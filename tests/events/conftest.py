import pytest

from tests.support.events import make_events_index


@pytest.fixture
def index(home):
    """`/events/`, live, under the home page of the `home` fixture."""
    return make_events_index(home)
