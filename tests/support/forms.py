"""Admin form data for a press release, as the page editor posts it."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text, streamfield

from releases.models import MediaContact


def media_contact() -> MediaContact:
    """The company's media contact, as the PR team keeps it among the snippets."""
    contact, _ = MediaContact.objects.get_or_create(
        name="Melinda Furse",
        email="melinda.furse@tecogen.com",
        defaults={"organisation": "Tecogen Inc.", "phone": "781-466-6444"},
    )
    return contact


def contacts_formset(*contacts: MediaContact) -> dict:
    """The editor's Media contacts, listing `contacts` (the company's media contact when none is given)."""
    return inline_formset([{"contact": str(contact.pk)} for contact in contacts or [media_contact()]])


def release_form(**overrides):
    data = {
        "title": "Tecogen Reports Record Quarter",
        "slug": "tecogen-reports-record-quarter",
        "subheadline": "Revenue up 20%",
        "release_at": "2026-03-10 08:00",
        "dateline_city": "WALTHAM",
        "dateline_state": "Massachusetts",
        "wire": "globenewswire",
        "body": streamfield([("paragraph", rich_text("<p>Tecogen Inc. (Nasdaq: TGEN) today reported.</p>"))]),
        "boilerplate_heading": "",
        "boilerplate": "",
        "forward_looking_legend": "",
        "source_name": "",
        "is_material": "True",
        "contacts": inline_formset([]),
        "attachments": inline_formset([]),
    }
    categories = overrides.pop("categories", [])
    data.update(overrides)
    data = nested_form_data(data)
    data["categories"] = categories
    return data


def edit_form(page, **overrides):
    """The editor's form for an existing release, complete enough to submit: it names a media contact."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "release_at": "2020-05-05 08:00",
        "is_material": "False",
        "contacts": contacts_formset(),
    }
    data.update(overrides)
    return release_form(**data)


def editor_form(client, page, **changes):
    """The page editor's form for `page` as the browser would post it unchanged, plus `changes`.

    Read from the edit view's HTML; the body's StreamField is drawn by JavaScript, so its
    paragraphs are posted as the editor would.
    """
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    body = [(b.block_type, rich_text(b.value.source)) for b in page.body if b.block_type == "paragraph"]
    for key, value in nested_form_data({"body": streamfield(body)}).items():
        data[key] = value
    for key, value in changes.items():
        data[key] = value
    return data
