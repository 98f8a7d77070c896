"""The outbox of a site without an SMTP server (`make serve`): one `.eml` file per message.

Django's file backend appends a whole connection's messages to one log file; an outbox the admin
lists (E-mail alerts → Outbox) and a person opens in a mail program wants one RFC 5322 file per
message, written under a temporary name and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def outbox_dir() -> Path:
    return Path(getattr(settings, "EMAIL_FILE_PATH", "var/outbox"))


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%dT%H%M%S.%f}-{uuid.uuid4().hex[:8]}.eml"
            partial = folder / f".{name}.part"
            partial.write_bytes(message.message().as_bytes(linesep="\r\n"))
            os.replace(partial, folder / name)
            sent += 1
        return sent
