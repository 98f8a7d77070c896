"""Admin → Documents / Images → edit, as the admin's forms post a new file (the file lock's tests)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

TAMPERED_PDF = b"%PDF-1.4\n% the drafter's own version\n%%EOF\n"


def document_edit(client, document, content=TAMPERED_PDF, title=None):
    return client.post(
        reverse("wagtaildocs:edit", args=(document.pk,)),
        {
            "title": title or document.title,
            "file": SimpleUploadedFile("release.pdf", content, content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def image_edit(client, image, content):
    return client.post(
        reverse("wagtailimages:edit", args=(image.pk,)),
        {
            "title": image.title,
            "file": SimpleUploadedFile("chart.png", content, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
