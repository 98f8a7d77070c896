"""The site's outbox as a mail program sees it: the `.eml` files ir_site/mail.py's OutboxBackend writes.

A `bench.embargo_lag.Stack` sends without an SMTP server: each message is one file under
<workdir>/outbox (its EMAIL_FILE_PATH), renamed into place whole, so a file that is there can be
read. `wait_for_message` waits for the one to an address; `Message.link` gives the path of its
personal /alerts/<confirm|manage|unsubscribe>/<token>/ link, to open against the site's base URL.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

LINK = re.compile(r"https?://[^\s<>\"']+")
PURPOSES = ("confirm", "manage", "unsubscribe")


@dataclass(frozen=True)
class Message:
    path: Path
    message: email.message.EmailMessage

    @property
    def to(self) -> list[str]:
        return [address.lower() for _, address in getaddresses(self.message.get_all("To", []))]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    def html(self) -> str:
        body = self.message.get_body(("html",))
        return body.get_content() if body is not None else ""

    def links(self, purpose: str) -> list[str]:
        """The paths of its /alerts/<purpose>/ links (text, then HTML part and headers), once each."""
        if purpose not in PURPOSES:
            raise ValueError(f"{purpose!r} is none of {PURPOSES}")
        found: list[str] = []
        headers = " ".join(str(value) for value in self.message.values())
        for url in LINK.findall("\n".join((self.text(), self.html(), headers))):
            path = urlsplit(url.replace("&amp;", "&")).path
            if path.startswith(f"/alerts/{purpose}/") and path not in found:
                found.append(path)
        return found

    def link(self, purpose: str) -> str:
        found = self.links(purpose)
        assert found, f"no /alerts/{purpose}/ link in {self.path.name}:\n{self.text()}"
        assert len(found) == 1, f"{len(found)} different /alerts/{purpose}/ links in {self.path.name}: {found}"
        return found[0]


def read(path: Path) -> Message:
    return Message(path, email.message_from_bytes(path.read_bytes(), policy=email.policy.default))


def messages(outbox: Path) -> list[Message]:
    """Every message in the outbox, oldest first (the backend names files by the time of sending)."""
    if not outbox.is_dir():
        return []
    # ".<name>.part" files are being written: only the renamed ones are whole.
    return [read(path) for path in sorted(outbox.glob("*.eml")) if not path.name.startswith(".")]


def messages_to(outbox: Path, address: str) -> list[Message]:
    return [message for message in messages(outbox) if address.lower() in message.to]


def wait_for_message(
    outbox: Path, address: str, *, subject: str = "", count: int = 1, timeout: float = 60.0
) -> Message:
    """The `count`-th message to `address` (whose subject contains `subject`), once it is in the outbox."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in messages_to(outbox, address) if subject in m.subject]
        if len(found) >= count:
            return found[count - 1]
        if time.monotonic() > deadline:
            present = [(m.path.name, m.to, m.subject) for m in messages(outbox)]
            raise AssertionError(
                f"after {timeout:.0f}s, {len(found)} message(s) to {address} with {subject!r} in the subject,"
                f" expected {count}; the outbox holds: {present}"
            )
        time.sleep(0.1)  # polling the directory; the assertion is on what arrives, not on the time


def outbox_of(stack) -> Path:
    """Where a bench.embargo_lag.Stack's processes write their mail (its EMAIL_FILE_PATH)."""
    return Path(stack.env["EMAIL_FILE_PATH"])
