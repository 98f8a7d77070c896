"""In a real browser, insiders try to change what a spokesperson signed or to grant themselves its powers.

1. The drafter opens the demo's scheduled release's PDF in Admin → Documents, uploads another
   file: the form says it is part of what a spokesperson signed, and the public still gets the
   signed bytes at the release time (the file stays the same one).
2. The superuser opens their own account in Admin → Users: the Disclosure Committee group is not
   offered; the audit trail and the register refuse them.
3. Compliance opens Admin → Committee membership: adding a member needs a second member's
   confirmation.
"""

from __future__ import annotations

import re

import pytest

from demo.builder import UPCOMING_TITLE

pytestmark = pytest.mark.browser


def test_drafter_cannot_replace_a_signed_pdf(sessions, site, tmp_path):
    drafter = sessions.open("drafter")
    drafter.goto("/admin/documents/")
    sessions.shot(drafter, "documents-listing")
    drafter.get_by_role("link", name=re.compile(r"winter-investor-conference.*\(PDF\)")).first.click()
    drafter.wait_for_load_state()
    edit_path = drafter.url.split("?")[0]
    other = tmp_path / "tampered.pdf"
    other.write_bytes(b"%PDF-1.4\n% not what the spokesperson signed\n%%EOF\n")
    drafter.set_input_files("input[type=file][name=file]", str(other))
    with drafter.expect_navigation():
        drafter.get_by_role("button", name="Save").click()
    sessions.shot(drafter, "replace-refused")
    body = drafter.content()
    assert "part of what a spokesperson signed" in body
    assert UPCOMING_TITLE in body
    assert drafter.url.split("?")[0] == edit_path  # still on the form: nothing was saved


def test_superuser_is_not_offered_the_committee(sessions, site):
    admin = sessions.open("admin")
    admin.goto("/admin/users/")
    admin.get_by_role("link", name="admin", exact=False).first.click()
    admin.wait_for_load_state()
    roles_tab = admin.get_by_role("tab", name="Roles")
    if roles_tab.count():
        roles_tab.click()
    sessions.shot(admin, "own-account-roles")
    assert admin.get_by_label("Executives").count() == 1  # the other groups are offered
    assert admin.get_by_label("Disclosure Committee").count() == 0  # the committee is not
    for url in ("/admin/disclosure/audit/", "/admin/snippets/disclosure/spokesperson/add/"):
        response = admin.goto(url)
        sessions.shot(admin, "refused")
        assert response.status == 403 or not admin.url.endswith(url), f"{url} answered a superuser"


def test_committee_membership_needs_two(sessions, site):
    compliance = sessions.open("compliance")
    compliance.goto("/admin/")
    compliance.get_by_role("link", name="Committee membership").first.click()
    compliance.wait_for_load_state()
    sessions.shot(compliance, "committee-membership")
    text = compliance.locator("main").inner_text()
    assert "Bonnie Brown" in text or "compliance" in text
    assert "confirm" in text.lower()
