"""Fixtures shared by the Code of Conduct tests."""

import pytest
import time_machine

from tests.support.conduct_certification import (
    CERTIFICATION_NOW,
    QUIET_FROM,
    QUIET_NOW,
    QUIET_UNTIL,
    publish_code,
    quiet_period,
)


@pytest.fixture
def certification_clock():
    """The clock at CERTIFICATION_NOW, ticking on from there.

    Name it in the module's `pytestmark` (`pytest.mark.usefixtures`): it then starts before the
    fixtures a test asks for, so a campaign started by one of them is started at that time too.
    """
    with time_machine.travel(CERTIFICATION_NOW, tick=True):
        yield


@pytest.fixture
def code(home):
    """The seed Code of Business Conduct and Ethics, published (the version campaigns certify)."""
    return publish_code(home)


@pytest.fixture
def quiet_clock():
    """The clock at QUIET_NOW (three days before the Q4 quiet period), ticking; name it in `pytestmark`."""
    with time_machine.travel(QUIET_NOW, tick=True):
        yield


@pytest.fixture
def q4(roles):
    """The Q4 2026 quiet period on the committee's calendar, from QUIET_FROM up to the results at QUIET_UNTIL."""
    return quiet_period("Q4 2026 quiet period", QUIET_FROM, QUIET_UNTIL, by=roles["compliance"])
