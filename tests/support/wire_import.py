"""Importing wire text through the admin as a drafter would, answering its confirm step."""

from django.urls import reverse


def post_import(client, data: dict, **extra):
    """POST the import form; when it stops at the warnings, tick "Create anyway" and POST again (once).

    Returns the last response: the redirect to the editor when the draft was made.
    """
    url = reverse("releases_import_wire")
    response = client.post(url, data, **extra)
    context = getattr(response, "context", None)
    if response.status_code != 200 or not context or not context.get("warnings"):
        return response
    form = context["form"]
    again = {name: value for name, value in form.data.items() if name != "file"}
    again.update(create_anyway="on", acknowledged=form["acknowledged"].value())
    return client.post(url, again, **extra)
