"""The brand colour and logo in the company profile: refused with a clear error when they would fail a reader."""

import itertools

from django.core.exceptions import ValidationError

import pytest

from company.brand import (
    BLACK,
    DEFAULT_BRAND_COLOUR,
    MIN_TEXT_CONTRAST,
    WHITE,
    contrast_ratio,
    ink_on_white,
    palette,
    text_colour_on,
    validate_brand_colour,
)
from disclosure import profile_changes
from tests.factories import make_release
from tests.support.site_chrome import admin_post, logo_image, profile_url, set_identity


def test_contrast_ratio_matches_wcag_reference_values():
    """Black on white is 21:1, a colour on itself 1:1, #767676 on white just passes 4.5:1 and #777777 does not."""
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio("#1d6b44", "#1d6b44") == pytest.approx(1)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < MIN_TEXT_CONTRAST


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#1d6b44", WHITE), ("#0b5394", WHITE), ("#ffd100", BLACK), ("#7fdbff", BLACK), ("#000000", WHITE)],
)
def test_text_on_the_brand_colour_is_white_or_black_whichever_reads_better(colour, text):
    """Dark brand colours get white text, light ones black."""
    assert text_colour_on(colour) == text


def test_every_colour_gets_menu_text_and_link_colours_of_at_least_4_5_to_1():
    """Across the colour cube, the menu text on the colour and its link shade on white both reach 4.5:1."""
    steps = range(0, 256, 17)
    for r, g, b in itertools.product(steps, steps, steps):
        colours = palette(f"#{r:02x}{g:02x}{b:02x}")
        assert contrast_ratio(colours.on_brand, colours.brand) >= MIN_TEXT_CONTRAST, colours
        assert contrast_ratio(colours.ink, WHITE) >= MIN_TEXT_CONTRAST, colours


def test_a_dark_enough_colour_is_used_for_links_unchanged_and_a_light_one_is_darkened():
    """Links keep a brand colour that reads on white; a light one is darkened only as far as needed."""
    assert ink_on_white("#1d6b44") == "#1d6b44"
    shade = ink_on_white("#ffd100")
    assert shade != "#ffd100" and 4.5 <= contrast_ratio(shade, WHITE) < 5.2


def test_a_blank_brand_colour_is_the_site_default():
    """No colour in the profile: the site's own blue, with white text."""
    assert palette("").brand == DEFAULT_BRAND_COLOUR
    assert palette("").css == ":root { --brand: #0b5394; --on-brand: #ffffff; --brand-ink: #0b5394; }\n"


@pytest.mark.parametrize("value", ["1d6b44", "#1d6b4", "#1d6b44a", "#gggggg", "green", "rgb(0,0,0)", "#1d6b44;}"])
def test_a_colour_not_written_as_hex_is_refused_with_an_example(value):
    """Anything but #rrggbb is refused, saying how to write it (and nothing can break out of the stylesheet)."""
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour(value)
    assert "#1d6b44" in refused.value.messages[0]


@pytest.mark.django_db
def test_profile_keeps_the_colour_in_lower_case(profile):
    """`#1D6B44` is saved as `#1d6b44` (one URL for the stylesheet whatever the editor typed)."""
    set_identity(profile, brand_colour="#1D6B44")
    profile.refresh_from_db()
    assert profile.brand_colour == "#1d6b44"
    assert profile.brand_version == "1d6b44"


@pytest.mark.django_db
def test_profile_refuses_a_bad_colour_on_its_field(profile):
    """The error lands on the brand colour field."""
    with pytest.raises(ValidationError) as refused:
        set_identity(profile, brand_colour="#12345")
    assert list(refused.value.message_dict) == ["brand_colour"]


@pytest.mark.django_db
def test_a_logo_needs_its_text_alternative(profile):
    """A logo without alt text is refused on the alt field, saying what to write."""
    with pytest.raises(ValidationError) as refused:
        set_identity(profile, logo=logo_image(), logo_alt="  ")
    (message,) = refused.value.message_dict["logo_alt"]
    assert "people who cannot see it" in message


@pytest.mark.django_db
def test_a_logo_with_alt_text_is_saved(profile):
    """With its alt text the logo is kept, and its URL version follows the file."""
    image = logo_image()
    set_identity(profile, logo=image, logo_alt="Tecogen")
    profile.refresh_from_db()
    assert profile.logo == image
    assert profile.logo_version.startswith(f"{image.pk}-")


@pytest.mark.django_db
def test_an_image_on_a_release_not_yet_public_cannot_be_the_logo(newsroom, profile):
    """A logo is public at once: an embargoed release's image is refused, naming the release."""
    chart = logo_image("Q3 chart")
    release = make_release(newsroom, title="Third Quarter Results", publish=False)
    release.body.append(("image", {"image": chart, "caption": "", "alt_text": "Revenue by quarter"}))
    release.save()
    with pytest.raises(ValidationError) as refused:
        set_identity(profile, logo=chart, logo_alt="Tecogen")
    (message,) = refused.value.message_dict["logo"]
    assert "Third Quarter Results" in message and "not public yet" in message


@pytest.mark.django_db
def test_the_admin_form_shows_a_bad_colour_and_a_missing_alt_on_their_fields(client, admin_user, profile):
    """Admin → Settings → Company profile: bad input is an error message on the form, never a 500."""
    client.force_login(admin_user)
    response = client.post(
        profile_url(profile), admin_post(profile, brand_colour="green", logo=logo_image().pk, logo_alt="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write the colour as # and six hexadecimal digits" in html
    assert "people who cannot see it hear this instead" in html
    profile.refresh_from_db()
    assert profile.brand_colour == "" and profile.logo is None


@pytest.mark.django_db
def test_the_admin_form_saves_a_good_identity_for_confirmation(client, admin_user, profile, roles):
    """A valid colour and a logo with its alt text, saved from the admin, are public once the committee confirms."""
    client.force_login(admin_user)
    image = logo_image()
    response = client.post(
        profile_url(profile), admin_post(profile, brand_colour="#FFD100", logo=image.pk, logo_alt="Tecogen")
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.brand_colour, profile.logo) == ("", None)  # nothing public yet
    (change,) = profile_changes.pending()
    assert change.values == {"brand_colour": "#ffd100", "logo": image.pk, "logo_alt": "Tecogen"}
    profile_changes.confirm(change, by=roles["compliance"])
    profile.refresh_from_db()
    assert (profile.brand_colour, profile.logo, profile.logo_alt) == ("#ffd100", image, "Tecogen")
