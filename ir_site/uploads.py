"""Uploads are what their names say, and no bigger than the site can process.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); images are checked by Wagtail itself (Willow must read them).
A file called ``results.pdf`` that holds HTML or a program would still be served as a PDF,
so the first bytes are read here: PDFs must start as PDFs, Office files must be the ZIP
packages they are, and text files must be text. Plugged in with WAGTAILDOCS_DOCUMENT_FORM_BASE,
so the Documents page, the multiple upload and the chooser's upload all check.

Images (WAGTAILIMAGES_IMAGE_FORM_BASE, the same three places): Wagtail refuses more pixels than
WAGTAILIMAGES_MAX_IMAGE_PIXELS, in a message that counts them one by one; and an image past
Pillow's decompression-bomb limit (about 179 megapixels) makes Pillow raise while Wagtail reads
its size, a server error. Both are refused here, in megapixels, with the limit.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}
TEXT = {".csv", ".txt"}
SNIFF = 8192


def content_problem(name: str, head: bytes) -> str | None:
    """Why the first bytes of a file called `name` do not match its extension, or None."""
    extension = os.path.splitext(name)[1].lower()
    if extension in SIGNATURES:
        if not head.startswith(SIGNATURES[extension]):
            return f"This file is not a {extension[1:].upper()} file, whatever its name says."
        return None
    if extension in TEXT:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            # The last character may be cut at the sniffing boundary; anything else is not UTF-8 text.
            try:
                text = head[:-4].decode("utf-8")
            except UnicodeDecodeError:
                return "This file is not UTF-8 text."
        if "\x00" in text or text.lstrip().lower().startswith(("<!doctype", "<html", "<script", "<svg")):
            return "This file is not plain text."
        return None
    return None


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or not hasattr(uploaded, "read") or "file" not in self.changed_data:
            return uploaded
        position = uploaded.tell() if hasattr(uploaded, "tell") else 0
        head = uploaded.read(SNIFF)
        uploaded.seek(position)
        problem = content_problem(uploaded.name, head)
        if problem:
            raise ValidationError(problem, code="content_mismatch")
        return uploaded


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def too_many_pixels(width: int | None = None, height: int | None = None, frames: int = 1) -> str:
    """The refusal of an image with more pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS, with its size when known."""
    limit = _megapixels(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
    if width and height:
        size = f"{width} × {height} pixels" + (f" × {frames} frames" if frames > 1 else "")
        found = f"This image is {size} ({_megapixels(width * height * frames)} megapixels)"
    else:
        found = "This image has too many pixels to open safely"
    return f"{found}; images may have at most {limit} megapixels. Scale it down and upload it again."


class PixelCheckedImageField(WagtailImageField):
    """Wagtail's image field, telling "too many pixels" in megapixels, also when Pillow will not even open the image."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except PILImage.DecompressionBombError as exc:  # past Pillow's limit: the size cannot be read
            raise ValidationError(too_many_pixels(), code="file_too_many_pixels") from exc
        except ValidationError as exc:
            width, height = f.image.get_size()
            message = too_many_pixels(width, height, f.image.get_frame_count())
            raise ValidationError(message, code="file_too_many_pixels") from exc


class CheckedImageForm(BaseImageForm):
    """The image form of the Images page, the multiple upload and the chooser, with the pixel check told plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, PixelCheckedImageField):
            # The field Wagtail's form factory made, rebuilt as ours (same label, widget, requirement).
            self.fields["file"] = PixelCheckedImageField(
                label=field.label, required=field.required, widget=field.widget
            )
