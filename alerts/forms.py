"""The public forms: sign up (address, topics, consent) and change topics."""

from __future__ import annotations

from django import forms

from alerts.subscriptions import Topics
from releases.models import Category

ALL = "all"
CHOSEN = "chosen"


class TopicsForm(forms.Form):
    scope = forms.ChoiceField(
        label="Which releases",
        choices=[(ALL, "All press releases"), (CHOSEN, "Only the topics I choose")],
        widget=forms.RadioSelect,
        initial=ALL,
    )
    categories = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("scope") == CHOSEN and not data.get("categories"):
            self.add_error("categories", "Choose at least one topic, or choose all press releases.")
        return data

    def topics(self) -> Topics:
        if self.cleaned_data["scope"] == ALL:
            return Topics(all_releases=True, categories=())
        return Topics(all_releases=False, categories=tuple(self.cleaned_data["categories"]))

    @classmethod
    def initial_for(cls, subscriber) -> dict:
        if subscriber.all_releases:
            return {"scope": ALL}
        return {"scope": CHOSEN, "categories": list(subscriber.categories.all())}


class SignUpForm(TopicsForm):
    email = forms.EmailField(label="E-mail address", max_length=254)
    consent = forms.BooleanField(label="I agree", required=True)
    field_order = ["email", "scope", "categories", "consent"]

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent"].label = consent_text or "I agree"
        self.fields["consent"].error_messages["required"] = "Tick the box to agree, or we cannot send you alerts."
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
