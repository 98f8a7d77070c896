"""Uploaded documents are what their names say: the content is checked against the extension.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); images are checked by Wagtail itself (Willow must read them).
A file called ``results.pdf`` that holds HTML or a program would still be served as a PDF,
so the first bytes are read here: PDFs must start as PDFs, Office files must be the ZIP
packages they are, and text files must be text. Plugged in with WAGTAILDOCS_DOCUMENT_FORM_BASE,
so the Documents page, the multiple upload and the chooser's upload all check.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError

from wagtail.documents.forms import BaseDocumentForm

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
