"""A change of the company profile in a real browser: the administrator saves it, the committee confirms it.

1. The administrator opens Settings → Company profile: the demo's waiting change is announced, and
   saving another change is refused while it waits.
2. Compliance finds it on the dashboard, reviews it field by field (axe-core: no WCAG 2.1 A/AA
   violation), and confirms it: only then does the public contacts page show the new address.
3. The administrator saves a new IR phone number: the public page keeps the old one, and the
   administrator's own list offers no Confirm.
"""

from __future__ import annotations

import pytest

from demo.identity import PENDING_IR_EMAIL
from tests.support.site_chrome import axe_violations

pytestmark = pytest.mark.browser

NEW_PHONE = "(781) 555-0177"


def flash(page) -> str:
    return " ".join(page.locator(".messages").all_inner_texts())


def test_a_profile_change_is_public_only_once_a_committee_member_confirms_it(sessions, site):
    public = sessions.open("reader", login=False)
    public.goto("/contacts/")
    assert PENDING_IR_EMAIL not in public.content()

    # -- 1. the administrator: the demo's change waits; another save is refused meanwhile ------
    admin = sessions.open("admin")
    admin.goto("/admin/settings/company/companyprofile/")
    assert "waits for a Disclosure Committee member" in flash(admin)
    admin.get_by_label("Phone").first.fill(NEW_PHONE)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save").click()
    assert "already waits for confirmation" in flash(admin), flash(admin)
    sessions.shot(admin, "admin-refused-while-one-waits")

    # -- 2. compliance: dashboard, the change field by field, confirm ---------------------------
    compliance = sessions.open("compliance", bypass_csp=True)  # lets axe-core in
    compliance.goto("/admin/")
    panel = compliance.locator("#disclosure-profile-changes-content")
    assert "saved by Site Administrator" in panel.inner_text(), panel.inner_text()
    with compliance.expect_navigation():
        panel.get_by_role("link", name="Review and confirm").click()
    change = compliance.locator("[data-profile-change]")
    assert PENDING_IR_EMAIL in change.inner_text() and "ir@example.com" in change.inner_text()
    assert axe_violations(compliance) == []
    sessions.shot(compliance, "compliance-reviews-the-change")
    with compliance.expect_navigation():
        compliance.get_by_role("button", name="Confirm: put it on the public site").click()
    assert "Confirmed: the public site shows the new company profile." in flash(compliance)
    public.goto("/contacts/")
    assert PENDING_IR_EMAIL in public.content()

    # -- 3. the administrator's next change waits, and is not theirs to confirm -----------------
    admin.goto("/admin/settings/company/companyprofile/")
    admin.get_by_label("Phone").first.fill(NEW_PHONE)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save").click()
    assert "Saved for confirmation" in flash(admin), flash(admin)
    public.goto("/contacts/")
    assert NEW_PHONE not in public.content()
    admin.goto("/admin/disclosure/profile-changes/")
    assert NEW_PHONE in admin.locator("[data-profile-change]").inner_text()
    assert admin.get_by_role("button", name="Confirm: put it on the public site").count() == 0
    sessions.shot(admin, "admin-change-waits")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Withdraw").click()
    assert "Withdrawn: the company profile is unchanged." in flash(admin)
