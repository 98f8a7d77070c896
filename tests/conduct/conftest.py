"""Fixtures shared by the Code of Conduct tests."""

import pytest
import time_machine

from tests.support.conduct_certification import CERTIFICATION_NOW, publish_code


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
