"""The demo's identity: a logo with its alt text, a brand colour that passes, invented contacts marked as such."""

import re

from wagtail.images import get_image_model

import pytest

from company.brand import MIN_TEXT_CONTRAST, WHITE, contrast_ratio
from demo.identity import build_identity

pytestmark = pytest.mark.django_db


def test_build_identity_sets_logo_colour_and_contacts_once(home):
    """Twice run, one logo image; the profile has the logo, its alt text, the colour and the contacts."""
    build_identity()
    profile = build_identity()
    assert get_image_model().objects.filter(title__contains="demo logo").count() == 1
    assert profile.logo is not None and profile.logo_alt == "Tecogen"
    assert (profile.logo.width, profile.logo.height) == (480, 120)
    assert contrast_ratio(profile.palette.on_brand, profile.brand_colour) >= MIN_TEXT_CONTRAST
    assert contrast_ratio(profile.palette.ink, WHITE) >= MIN_TEXT_CONTRAST
    assert profile.postal_address.startswith("Tecogen Inc.\n45 First Avenue")  # the real address stays


def test_demo_contacts_are_visibly_invented(home):
    """Fictional 555-01xx numbers, reserved example domains, "(demo)" in each organisation's name."""
    profile = build_identity()
    for phone in (profile.ir_contact_phone, profile.ir_firm_phone, profile.transfer_agent_phone):
        assert re.search(r"555-01\d\d$", phone), phone
    for address in (profile.ir_contact_email, profile.ir_firm_email, profile.transfer_agent_website):
        assert re.search(r"example\.(com|org)$", address), address
    for name in (profile.ir_contact_name, profile.ir_firm_name, profile.transfer_agent_name):
        assert name.endswith("(demo)"), name
