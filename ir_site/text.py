"""Plain text: what a one-line field (a headline, a name) and a paragraph field may contain.

A release's headline becomes the Subject of the Disclosure Policy's e-mails, its feeds' titles
and its page's <title>. A control character or a Unicode line separator in it breaks each of
them differently: Django refuses a newline in a header (the review notice is never sent), a
vertical tab, form feed, U+0085 or U+2028 is folded by Python's e-mail package into a header
line break (the subject is cut and the rest lands in the headers), and XML 1.0 cannot carry
C0 controls at all (the feed fails). So such text is refused where it is entered, with the
character named, and the few places that send text on (the e-mail subjects) flatten it too,
for anything stored before this rule or written behind the models' backs.

`PlainTextFieldsMixin` is the model-level check, so the admin's forms, the wire importer and
code that saves a model all meet it.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

# Names for the characters people actually paste; the others are named by Unicode.
_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x00": "a NUL character",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
    "\x85": "a next-line character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}
# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
_BREAKING_CATEGORIES = {"Cc", "Zl", "Zp"}
PARAGRAPH_ALLOWED = "\t\n\r"  # multi-line fields keep ordinary line breaks and tabs
_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def forbidden_character(value: str, allowed: str = "") -> tuple[int, str] | None:
    """(position, character) of the first control character or line separator not in `allowed`."""
    for position, character in enumerate(value):
        if character not in allowed and unicodedata.category(character) in _BREAKING_CATEGORIES:
            return position, character
    return None


def describe(character: str) -> str:
    """`a tab (U+0009)`, `a control character (U+0007)`."""
    name = _NAMES.get(character, "a control character")
    return f"{name} (U+{ord(character):04X})"


def single_line_problem(value: str, allowed: str = "") -> str | None:
    """Why `value` is not one line of plain text, or None."""
    found = forbidden_character(value or "", allowed)
    if found is None:
        return None
    position, character = found
    return (
        f"Remove {describe(character)} at character {position + 1}: "
        "this text must be one line of plain text (it goes into e-mail subjects and feeds)."
    )


def paragraph_problem(value: str) -> str | None:
    """Why `value` is not plain text (line breaks and tabs allowed), or None."""
    found = forbidden_character(value or "", PARAGRAPH_ALLOWED)
    if found is None:
        return None
    position, character = found
    return f"Remove {describe(character)} at character {position + 1}: only plain text, line breaks and tabs fit here."


def one_line(value: str) -> str:
    """`value` with every run of control characters and line separators made one space (for e-mail headers)."""
    return " ".join(_BREAKING.sub(" ", value).split())


def printable(value: str) -> str:
    """`value` without control characters and line separators (for text echoed back or searched for)."""
    return _BREAKING.sub(" ", value)


class PlainTextFieldsMixin:
    """A model whose `single_line_fields` hold one line of plain text and `paragraph_fields` plain paragraphs.

    Checked in `clean_fields`, which Django runs for the fields the form has (the admin passes
    the others as `exclude`) and for every field when code calls `full_clean()` (Wagtail's
    `Page.save()` does), so each refusal lands on its own field.
    """

    single_line_fields: tuple[str, ...] = ()
    paragraph_fields: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        excluded = set(exclude or ())
        for names, check in (
            (self.single_line_fields, single_line_problem),
            (self.paragraph_fields, paragraph_problem),
        ):
            for name in names:
                if name in excluded or name in errors:
                    continue
                problem = check(getattr(self, name) or "")
                if problem:
                    errors[name] = [ValidationError(problem, code="control_character")]
        if errors:
            raise ValidationError(errors)
