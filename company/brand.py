"""The brand colour and the colours derived from it, checked against WCAG 2.1's contrast rule.

The company profile stores one colour (`#rrggbb`). The site uses it twice:

- as the background of the navigation bar, with text in white or black, whichever reads better
  on it. One of the two always reaches 4.5:1 (the least either can do, on a mid-grey of relative
  luminance 0.18, is 4.58:1), so no colour has to be refused for the bar;
- as the colour of links and accents on the white page, where it must itself reach 4.5:1 against
  white: a colour that is too light is darkened, in steps, until it does (the hue stays).

Pure functions on plain strings: the model validates with them, the stylesheet route
(company/views.py) prints what `palette` returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
# The site's colour when the profile names none (the newsroom's original link blue).
DEFAULT_BRAND_COLOUR = "#0b5394"
WHITE = "#ffffff"
BLACK = "#000000"
# WCAG 2.1 success criterion 1.4.3 (contrast, minimum) for body-size text.
MIN_TEXT_CONTRAST = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    """`#1d6b44` -> (29, 107, 68). Raises ValueError for anything but `#rrggbb`."""
    value = (colour or "").strip().lower()
    if not HEX_COLOUR.match(value):
        raise ValueError(f"{colour!r} is not a colour written as #rrggbb.")
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or black, whichever has the higher contrast on `background` (white on a tie)."""
    return WHITE if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background) else BLACK


def ink_on_white(colour: str) -> str:
    """`colour`, or the darkest-needed shade of it, that reaches 4.5:1 as text on white."""
    rgb = parse_hex(colour)
    shade = colour.lower()
    factor = 1.0
    while contrast_ratio(shade, WHITE) < MIN_TEXT_CONTRAST:
        factor -= 0.02  # towards black in small steps: the first shade that passes, not much darker
        shade = to_hex(tuple(c * factor for c in rgb))
    return shade


@dataclass(frozen=True)
class Palette:
    """The colours the stylesheet route sets as CSS custom properties."""

    brand: str  # the navigation bar's background
    on_brand: str  # text on it
    ink: str  # links and accents on the white page

    @property
    def css(self) -> str:
        return f":root {{ --brand: {self.brand}; --on-brand: {self.on_brand}; --brand-ink: {self.ink}; }}\n"


def palette(colour: str = "") -> Palette:
    """The palette of a brand colour (the site's default colour when blank)."""
    brand = (colour or DEFAULT_BRAND_COLOUR).lower()
    return Palette(brand=brand, on_brand=text_colour_on(brand), ink=ink_on_white(brand))


def validate_brand_colour(value: str) -> None:
    """A model field validator: `#rrggbb`, and text on it can reach 4.5:1 (white or black)."""
    try:
        parse_hex(value)
    except ValueError:
        raise ValidationError(
            "Write the colour as # and six hexadecimal digits, e.g. #1d6b44.", code="invalid_colour"
        ) from None
    on = text_colour_on(value)
    if contrast_ratio(on, value) < MIN_TEXT_CONTRAST:  # cannot happen for sRGB colours: kept as the rule itself
        raise ValidationError(
            f"Neither white nor black text reaches {MIN_TEXT_CONTRAST}:1 on {value}; "
            "choose a lighter or darker colour.",
            code="low_contrast",
        )
