"""Admin forms for releases that are not page forms."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError

from releases.models import NewsroomPage
from releases.wire_import import DEFAULT_RELEASE_TIME, MAX_IMPORT_BYTES


class WireImportForm(forms.Form):
    """Paste wire text or upload a .txt file, and say when it went out (market time).

    The text is not parsed here: the view hands it to the importer, whose errors
    name the problem in the text itself.
    """

    text = forms.CharField(
        label="Release text",
        required=False,
        max_length=MAX_IMPORT_BYTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        help_text=(
            "Paste the release exactly as the wire carried it: date, headline, dateline, "
            "body, About, contacts, SOURCE line."
        ),
    )
    file = forms.FileField(
        label="…or a text file",
        required=False,
        help_text="A UTF-8 .txt file of at most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    release_time = forms.TimeField(
        label="Release time",  # the zone label is the profile's, added in __init__
        initial=DEFAULT_RELEASE_TIME,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00", "inputmode": "numeric"}),
        help_text="Market time on the release date, 24-hour HH:MM.",
        error_messages={"invalid": "Enter the time as HH:MM on a 24-hour clock, e.g. 08:00."},
    )
    newsroom = forms.ModelChoiceField(queryset=NewsroomPage.objects.none(), empty_label=None)
    # The confirm step: shown (with the warnings it answers) only when the import was warned about.
    create_anyway = forms.BooleanField(
        label="Create anyway",
        required=False,
        help_text="I have read the warnings above; create the draft all the same.",
    )
    acknowledged = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, newsrooms: list[NewsroomPage], tz_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release_time"].label = f"Release time ({tz_label})"
        if len(newsrooms) > 1:
            self.fields["newsroom"].queryset = NewsroomPage.objects.filter(pk__in=[n.pk for n in newsrooms])
        else:  # one newsroom: nothing to choose
            del self.fields["newsroom"]
            self.only_newsroom = newsrooms[0] if newsrooms else None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if PurePath(upload.name).suffix.lower() != ".txt":
            raise ValidationError("Upload a .txt file (plain text).")
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file is larger than 1 MB; a release is a few pages of text.")
        return upload

    def clean(self):
        cleaned = super().clean()
        has_text = bool((cleaned.get("text") or "").strip())
        has_file = bool(cleaned.get("file"))
        if not self.errors.get("file"):
            if has_text and has_file:
                raise ValidationError("Paste the text or upload a file, not both.")
            if not has_text and not has_file:
                raise ValidationError("Paste the release text or choose a .txt file.")
        return cleaned

    def wire_text(self) -> str | bytes:
        """The submitted release: raw bytes for an upload, so binary files are caught."""
        upload = self.cleaned_data.get("file")
        if upload:
            upload.seek(0)
            return upload.read()
        return self.cleaned_data["text"]

    def chosen_newsroom(self) -> NewsroomPage:
        if "newsroom" in self.fields:
            return self.cleaned_data["newsroom"]
        return self.only_newsroom

    def chosen_release_time(self) -> dt.time:
        return self.cleaned_data["release_time"]

    def confirmed(self, key: str) -> bool:
        """Whether the drafter ticked "Create anyway" for exactly these warnings (not others, shown before)."""
        return bool(self.cleaned_data.get("create_anyway")) and self.cleaned_data.get("acknowledged") == key
