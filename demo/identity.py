"""The demo's site identity: a wordmark logo, a brand colour and the IR contacts on the company profile.

The logo is drawn here with Pillow (a PNG: the site accepts no SVG, which can carry script). The
contacts are invented and say so: 555-01xx numbers (reserved for fiction in every area code),
example.com/.org addresses and "(demo)" in each name; Tecogen's real postal address is already
in the profile (demo/builder.py). Idempotent: a second run finds the logo and changes nothing.

One change of the profile waits for the committee (Settings → Company profile changes, and the
committee's dashboard): the administrator saved a new IR e-mail address, which the public site
shows only once a committee member confirms it (disclosure.profile_changes).
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Site

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from company.models import CompanyProfile
from disclosure import profile_changes
from disclosure.models import ProfileChange

LOGO_TITLE = "Tecogen wordmark (demo logo)"
PENDING_IR_EMAIL = "investors@example.com"
# A deep green: white text on it reads at 6.5:1, and it reads on white as link colour too.
BRAND_COLOUR = "#1d6b44"
IDENTITY = {
    "logo_alt": "Tecogen",
    "brand_colour": BRAND_COLOUR,
    "ir_contact_name": "Investor Relations (demo)",
    "ir_contact_title": "Tecogen Inc.",
    "ir_contact_phone": "(781) 555-0142",
    "ir_contact_email": "ir@example.com",
    "ir_firm_name": "Example IR Partners (demo)",
    "ir_firm_contact": "Sam Rivera",
    "ir_firm_phone": "(212) 555-0177",
    "ir_firm_email": "tgen@example.org",
    "transfer_agent_name": "Example Stock Transfer Co. (demo)",
    "transfer_agent_address": "1 Example Plaza\nNew York, NY 10004",
    "transfer_agent_phone": "(800) 555-0199",
    "transfer_agent_website": "https://transfer.example.com",
}


def wordmark_png() -> bytes:
    """A 480x120 transparent PNG: a green tile with a white T, and TECOGEN beside it."""
    scale = 4  # drawn large and scaled down, for smooth edges
    width, height = 480 * scale, 120 * scale
    image = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    green = (0x1D, 0x6B, 0x44, 255)
    tile = 104 * scale
    top = (height - tile) // 2
    draw.rounded_rectangle((0, top, tile, top + tile), radius=18 * scale, fill=green)
    bar = 14 * scale  # the T: a crossbar and a stem, in white
    draw.rectangle((22 * scale, top + 24 * scale, tile - 22 * scale, top + 24 * scale + bar), fill="white")
    draw.rectangle(((tile - bar) // 2, top + 24 * scale, (tile + bar) // 2, top + tile - 20 * scale), fill="white")
    font = ImageFont.load_default(size=70 * scale)
    left, text_top, right, bottom = draw.textbbox((0, 0), "TECOGEN", font=font)
    x = tile + 22 * scale
    y = (height - (bottom - text_top)) // 2 - text_top
    draw.text((x, y), "TECOGEN", font=font, fill=(0x1B, 0x1F, 0x24, 255))
    image = image.resize((480, 120), PILImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _ensure_logo():
    Image = get_image_model()
    logo = Image.objects.filter(title=LOGO_TITLE).first()
    if logo is None:
        logo = Image.objects.create(
            title=LOGO_TITLE, file=ImageFile(io.BytesIO(wordmark_png()), name="tecogen-logo.png")
        )
    return logo


def build_identity(site: Site | None = None) -> CompanyProfile:
    """Give the (default) site's company profile the demo logo, brand colour and IR contacts."""
    site = site or Site.objects.get(is_default_site=True)
    profile = CompanyProfile.for_site(site)
    logo = _ensure_logo()
    wanted = {**IDENTITY, "logo_id": logo.pk}
    if any(getattr(profile, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
    _ensure_pending_change(profile)
    return profile


def _ensure_pending_change(profile: CompanyProfile) -> None:
    """The administrator's saved change of the IR e-mail address, waiting for a committee member."""
    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None or ProfileChange.objects.filter(site=profile.site).exists():
        return
    edited = CompanyProfile.objects.get(pk=profile.pk)
    edited.ir_contact_email = PENDING_IR_EMAIL
    profile_changes.propose(profile, edited, by=admin)
