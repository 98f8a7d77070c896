"""Files a spokesperson signed cannot change: documents and images of releases in play are immutable.

The company's logo is held the same way: it is on every public page, and what it shows changes
only through a confirmed company profile change (disclosure.profile_changes). The image that is
a site's logo, or the logo a waiting profile change proposes, cannot be edited or deleted either;
a new logo is uploaded as a new image and chosen in Settings → Company profile.

A document or image shown by a release that is in the Disclosure Policy workflow, scheduled
or live (disclosure.signature.locking_releases) cannot be edited (file, title, focal point)
or deleted, by anyone, superusers included:

- the admin's edit forms (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILIMAGES_IMAGE_FORM_BASE) say
  so on the form and save nothing;
- a model-level guard (pre_save, pre_delete) refuses the same change from any other route
  (bulk actions, the shell, the API) with PermissionDenied.

Changes that are allowed (a file used only by drafts nobody has submitted) are written to the
audit trail with the file's old and new SHA-256 ("disclosure.file_changed"), so a regulator
can see every change to a release's files.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log

from company.models import CompanyProfile
from disclosure.actions import FILE_CHANGED_ACTION, SNIPPET_CHANGED_ACTION
from disclosure.models import ProfileChange
from disclosure.signature import IMAGE, SHOWN_FIELDS, file_sha256, kind_of, lock_message, locking_releases
from governance.models import BoardPage, Committee, CommitteeMembership, ManagementPage, Person
from ir_site.uploads import CheckedDocumentForm, CheckedImageForm

_BEFORE = "_disclosure_file_before"
_SHA256_BEFORE = "_disclosure_sha256_before"


def _stored(obj) -> dict | None:
    fields = SHOWN_FIELDS[kind_of(obj)]
    row = type(obj).objects.filter(pk=obj.pk).values(*fields).first()
    return row


LOGO_LOCK_MESSAGE = (
    "This image is the company's logo, shown on every public page. It cannot be changed or deleted here: "
    "upload the new logo as a new image and choose it in Settings → Company profile, where a Disclosure "
    "Committee member confirms the change."
)


def is_logo(obj) -> bool:
    """Whether this image is a site's logo, or the logo a profile change waiting for confirmation proposes."""
    if kind_of(obj) != IMAGE or obj.pk is None:
        return False
    if CompanyProfile.objects.filter(logo_id=obj.pk).exists():
        return True
    return ProfileChange.objects.filter(status=ProfileChange.PENDING, values__logo=obj.pk).exists()


def refusal(obj) -> str:
    """Why this file may not change now ('' when it may): a disclosed page in play shows it, or it is the logo."""
    releases = locking_releases(obj)
    if releases:
        return lock_message(obj, releases)
    return LOGO_LOCK_MESSAGE if is_logo(obj) else ""


def _current(obj) -> dict:
    values = {field: getattr(obj, field) for field in SHOWN_FIELDS[kind_of(obj)]}
    values["file"] = obj.file.name if obj.file else ""
    return values


class _LockedFormMixin:
    """Refuses, on the form, any change to a file a release in play shows."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is not None and self.has_changed():
            refused = refusal(instance)
            if refused:
                # Keep the refused values off the instance: the edit view re-renders (and may save
                # metadata of) the very object this form was built for.
                for name in self.changed_data:
                    self.cleaned_data.pop(name, None)
                raise forms.ValidationError(refused, code="signed_file")
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is not None and "file" in self.changed_data:
            stored = _stored(self.instance)
            # Wagtail's forms delete the old file before saving: its digest is taken now, for the record.
            self.instance.__dict__[_SHA256_BEFORE] = file_sha256(stored["file"]) if stored else ""
        return super().save(commit=commit)


class LockedDocumentForm(_LockedFormMixin, CheckedDocumentForm):
    """The site's document form (content checked against the extension), refusing changes to a
    document a release in play shows."""


class LockedImageForm(_LockedFormMixin, CheckedImageForm):
    """The site's image form (pixel count checked), refusing changes to an image a release in play shows."""


def _changes(instance, update_fields=None) -> tuple[dict, list[str]]:
    """The stored shown values and the names of those this save changes (a newly uploaded file counts,
    even when the storage later gives it the old file's name)."""
    before = _stored(instance)
    if before is None:
        return {}, []
    after = _current(instance)
    changed = [k for k in after if before.get(k) != after[k]]
    if instance.file and not getattr(instance.file, "_committed", True) and "file" not in changed:
        changed.append("file")
    if update_fields is not None:  # only these columns are written (e.g. Wagtail filling in file_size)
        changed = [k for k in changed if k in update_fields]
    return before, sorted(changed)


def refuse_change_of_signed_file(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of Document and Image: a file a release in play shows keeps what was signed."""
    if raw or instance.pk is None:
        return
    before, changed = _changes(instance, update_fields)
    if not changed:
        return
    refused = refusal(instance)
    if refused:
        raise PermissionDenied(refused)
    record = {"changed": changed, "before": before}
    if "file" in changed:
        record["sha256_before"] = instance.__dict__.pop(_SHA256_BEFORE, None) or file_sha256(before["file"])
    instance.__dict__[_BEFORE] = record


def refuse_delete_of_signed_file(sender, instance, **kwargs):
    """pre_delete of Document and Image."""
    refused = refusal(instance)
    if refused:
        raise PermissionDenied(refused)


def log_file_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save: an allowed change of a file is in the audit trail, with both SHA-256 digests."""
    record = instance.__dict__.pop(_BEFORE, None)
    if created or raw or record is None:
        return
    before, changed = record["before"], record["changed"]
    data = {"kind": kind_of(instance), "id": instance.pk, "title": instance.title, "changed": changed}
    if "file" in changed:
        data["file_before"] = before["file"]
        data["sha256_before"] = record["sha256_before"]
        data["file_after"] = instance.file.name
        data["sha256_after"] = file_sha256(instance.file.name)
    if "title" in changed:
        data["title_before"] = before["title"]
    log(instance=instance, action=FILE_CHANGED_ACTION, data=data)


# -- snippets: pages show frozen copies (releases.models, governance.models.shown), so an edit changes no page ------

_SNIPPET_FIELDS = {
    "mediacontact": ("name", "organisation", "phone", "email"),
    "category": ("name", "slug"),
    "person": (
        "name",
        "title",
        "role",
        "board_title",
        "independent",
        "photo_id",
        "photo_alt",
        "biography",
        "order",
        "board_order",
    ),
    "committee": ("name", "charter_id", "order"),
}
_SHOWN_BY_LIMIT = 20
_NOTES = {
    "mediacontact": "Releases keep the values they were approved with; a new revision picks these up.",
    "category": "Releases keep the values they were approved with; a new revision picks these up.",
    "person": "The board and management pages keep the values their live revision holds; "
    "their next approved revision shows these.",
    "committee": "The board page keeps the values its live revision holds; its next approved revision shows these.",
}


def _shown_by(instance) -> list[str]:
    """Titles of the pages that show this snippet (a few, for the record)."""
    from releases.models import PressReleasePage  # disclosure sits above releases; models load first

    name = instance._meta.model_name
    if name == "mediacontact":
        releases = PressReleasePage.objects.filter(contacts__contact=instance)
        return list(releases.order_by("-release_at").values_list("title", flat=True).distinct()[:_SHOWN_BY_LIMIT])
    if name == "category":
        releases = PressReleasePage.objects.filter(categories=instance)
        return list(releases.order_by("-release_at").values_list("title", flat=True).distinct()[:_SHOWN_BY_LIMIT])
    if name == "person":
        pages = [
            *BoardPage.objects.filter(shown_people__person=instance).values_list("title", flat=True),
            *ManagementPage.objects.filter(shown_people__person=instance).values_list("title", flat=True),
        ]
    else:
        pages = BoardPage.objects.filter(shown_committees__committee=instance).values_list("title", flat=True)
    return sorted(set(pages))[:_SHOWN_BY_LIMIT]


def remember_snippet_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields = _SNIPPET_FIELDS[instance._meta.model_name]
    instance.__dict__[_BEFORE] = type(instance).objects.filter(pk=instance.pk).values(*fields).first()


def _log_snippet(instance, changes: dict[str, str]) -> None:
    data = {
        "kind": instance._meta.verbose_name,
        "id": instance.pk,
        "title": str(instance),
        "changes": changes,
        "releases": _shown_by(instance),
        "note": _NOTES[instance._meta.model_name],
    }
    log(instance=instance, action=SNIPPET_CHANGED_ACTION, data=data)


def log_snippet_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save: an edit of a media contact, category, person or committee is in the audit trail, with what changed.

    Releases and the board and management pages keep showing the values frozen into them; a new
    revision picks up the new ones and needs approval.
    """
    before = instance.__dict__.pop(_BEFORE, None)
    if created or raw or before is None:
        return
    changes = {
        field: f"“{before[field]}” → “{getattr(instance, field)}”"
        for field in before
        if before[field] != getattr(instance, field)
    }
    if changes:
        _log_snippet(instance, changes)


def remember_seat(sender, instance, raw=False, **kwargs):
    """pre_save of a committee seat: what it was (a committee's form saves every seat, changed or not)."""
    if raw or instance.pk is None:
        return
    instance.__dict__[_BEFORE] = type(instance).objects.filter(pk=instance.pk).values("person_id", "is_chair").first()


def _seat_words(is_chair: bool) -> str:
    return "chair" if is_chair else "member"


def log_seat_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save of a committee seat: a new member, a new chair, a seat moved to another director."""
    before = instance.__dict__.pop(_BEFORE, None)
    if raw:
        return
    if created or before is None:
        _log_snippet(instance.committee, {"seat": f"“{instance.person}” added ({_seat_words(instance.is_chair)})"})
    elif before["person_id"] == instance.person_id and before["is_chair"] != instance.is_chair:
        words = f"{_seat_words(before['is_chair'])} → {_seat_words(instance.is_chair)}"
        _log_snippet(instance.committee, {"seat": f"“{instance.person}”: {words}"})
    elif before["person_id"] != instance.person_id:
        was = Person.objects.filter(pk=before["person_id"]).first()
        now = f"“{instance.person}” ({_seat_words(instance.is_chair)})"
        _log_snippet(instance.committee, {"seat": f"“{was}” ({_seat_words(before['is_chair'])}) → {now}"})


def log_seat_removed(sender, instance, **kwargs):
    """post_delete of a committee seat (not while its committee is being deleted: Wagtail logs that)."""
    committee = Committee.objects.filter(pk=instance.committee_id).first()
    if committee is not None:
        _log_snippet(committee, {"seat": f"“{instance.person}” removed ({_seat_words(instance.is_chair)})"})


def connect_file_lock() -> None:
    """Called once from DisclosureConfig.ready()."""
    from releases.models import Category, MediaContact  # disclosure sits above releases; apps are ready here

    for model in (get_document_model(), get_image_model()):
        name = model.__name__
        pre_save.connect(refuse_change_of_signed_file, sender=model, dispatch_uid=f"disclosure-file-lock-{name}")
        pre_delete.connect(refuse_delete_of_signed_file, sender=model, dispatch_uid=f"disclosure-file-del-{name}")
        post_save.connect(log_file_change, sender=model, dispatch_uid=f"disclosure-file-log-{name}")
    for model in (MediaContact, Category, Person, Committee):
        name = model.__name__
        pre_save.connect(remember_snippet_values, sender=model, dispatch_uid=f"disclosure-snippet-before-{name}")
        post_save.connect(log_snippet_change, sender=model, dispatch_uid=f"disclosure-snippet-log-{name}")
    pre_save.connect(remember_seat, sender=CommitteeMembership, dispatch_uid="disclosure-seat-before")
    post_save.connect(log_seat_change, sender=CommitteeMembership, dispatch_uid="disclosure-seat-log")
    post_delete.connect(log_seat_removed, sender=CommitteeMembership, dispatch_uid="disclosure-seat-removed")
