import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and the site's settings pointed at it."""
    with SmtpServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server
