"""The company profile is public text on every page: one person saves a change, another confirms it.

An insider with the profile's edit permission (a superuser, say) used to change the IR contact,
the company's name or the logo on every public page with one save and no second pair of eyes.
Now the save records a change; the public site moves only when a Disclosure Committee member
who did not save it confirms, and every step is in the audit trail.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from company.models import CompanyProfile
from demo.identity import PENDING_IR_EMAIL
from disclosure import profile_changes
from disclosure.actions import PROFILE_CONFIRM_ACTION, PROFILE_PROPOSE_ACTION, PROFILE_WITHDRAW_ACTION
from disclosure.audit import audit_entries
from disclosure.models import ProfileChange
from tests.support.register import with_counsel
from tests.support.site_chrome import admin_post, logo_image, profile_url
from tests.support.workflow import shown_messages

pytestmark = pytest.mark.django_db

OLD_PHONE, NEW_PHONE = "(781) 555-0142", "(781) 555-0199"


@pytest.fixture
def people(roles, profile):
    profile.ir_contact_name = "Investor Relations"
    profile.ir_contact_phone = OLD_PHONE
    profile.save()
    return with_counsel(roles)


def save_phone(client, user, profile, phone=NEW_PHONE):
    client.force_login(user)
    return client.post(profile_url(profile), admin_post(profile, ir_contact_phone=phone))


def public_phone_shown(client, phone) -> bool:
    client.logout()
    return phone in client.get("/contacts/").content.decode()


def test_a_save_changes_nothing_public_until_a_second_person_confirms(client, people, profile):
    response = save_phone(client, people["superuser"], profile)

    assert response.status_code == 302 and response["Location"] == profile_url(profile)
    assert any(m.startswith("Saved for confirmation") for m in shown_messages(client))
    assert CompanyProfile.objects.get(pk=profile.pk).ir_contact_phone == OLD_PHONE
    assert public_phone_shown(client, OLD_PHONE) and not public_phone_shown(client, NEW_PHONE)
    (change,) = profile_changes.pending()
    assert change.values == {"ir_contact_phone": NEW_PHONE} and change.before == {"ir_contact_phone": OLD_PHONE}

    client.force_login(people["compliance"])
    response = client.post(reverse("disclosure_profile_change_confirm", args=[change.pk]))
    assert response.status_code == 302
    assert CompanyProfile.objects.get(pk=profile.pk).ir_contact_phone == NEW_PHONE
    assert public_phone_shown(client, NEW_PHONE)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (ProfileChange.CONFIRMED, people["compliance"])


def test_nobody_confirms_their_own_change_and_only_the_committee_confirms(client, people, profile):
    # A committee member who may also edit the profile saves a change: a second member must confirm it.
    people["compliance"].user_permissions.add(Permission.objects.get(codename="change_companyprofile"))
    save_phone(client, people["compliance"], profile)
    (change,) = profile_changes.pending()
    with pytest.raises(PermissionDenied, match="nobody confirms a profile change they saved"):
        profile_changes.confirm(change, by=people["compliance"])
    for outsider in ("superuser", "drafter", "ceo"):
        with pytest.raises(PermissionDenied):
            profile_changes.confirm(change, by=people[outsider])
    # Through the admin, the same refusals are a message, never a 500, and the profile stays.
    client.force_login(people["compliance"])
    client.post(reverse("disclosure_profile_change_confirm", args=[change.pk]))
    assert any("nobody confirms" in m for m in shown_messages(client))
    assert CompanyProfile.objects.get(pk=profile.pk).ir_contact_phone == OLD_PHONE
    profile_changes.confirm(change, by=people["counsel"])
    assert CompanyProfile.objects.get(pk=profile.pk).ir_contact_phone == NEW_PHONE


def test_bad_input_is_shown_on_the_form_and_records_no_change(client, people, profile):
    client.force_login(people["superuser"])
    response = client.post(profile_url(profile), admin_post(profile, brand_colour="green"))
    assert response.status_code == 200
    assert "Write the colour as # and six hexadecimal digits" in response.content.decode()
    assert not ProfileChange.objects.exists()
    assert CompanyProfile.objects.get(pk=profile.pk).brand_colour == ""


def test_saving_the_same_values_records_nothing(client, people, profile):
    save_phone(client, people["superuser"], profile, phone=OLD_PHONE)
    assert any(m == "Nothing changed in the company profile." for m in shown_messages(client))
    assert not ProfileChange.objects.exists()


def test_one_change_waits_at_a_time(client, people, profile):
    save_phone(client, people["superuser"], profile)
    response = save_phone(client, people["superuser"], profile, phone="(781) 555-0100")
    assert response.status_code == 302
    assert any("already waits for confirmation" in m for m in shown_messages(client))
    assert ProfileChange.objects.count() == 1
    # The form says a change waits, and shows the profile as it is.
    html = client.get(profile_url(profile)).content.decode()
    assert "waits for a Disclosure Committee member" in html and OLD_PHONE in html


def test_a_stale_change_is_refused_and_a_withdrawn_one_changes_nothing(client, people, profile):
    save_phone(client, people["superuser"], profile)
    (change,) = profile_changes.pending()
    CompanyProfile.objects.filter(pk=profile.pk).update(ir_contact_phone="(781) 555-0000")  # changed by code meanwhile
    with pytest.raises(ValidationError, match="have changed since this change was saved"):
        profile_changes.confirm(change, by=people["compliance"])
    assert CompanyProfile.objects.get(pk=profile.pk).ir_contact_phone == "(781) 555-0000"

    profile_changes.withdraw(change, by=people["superuser"])  # the person who saved it may withdraw it
    change.refresh_from_db()
    assert change.status == ProfileChange.WITHDRAWN
    with pytest.raises(ValidationError, match="already been decided"):
        profile_changes.confirm(change, by=people["compliance"])
    with pytest.raises(PermissionDenied):
        change.delete()


def test_every_step_is_in_the_audit_trail_with_what_changed(client, people, profile):
    save_phone(client, people["superuser"], profile)
    (first,) = profile_changes.pending()
    profile_changes.withdraw(first, by=people["counsel"])
    save_phone(client, people["superuser"], profile)
    (second,) = profile_changes.pending()
    profile_changes.confirm(second, by=people["compliance"])

    actions = list(
        ModelLogEntry.objects.filter(action__startswith="disclosure.profile_change")
        .order_by("pk")
        .values_list("action", "user__username")
    )
    assert actions == [
        (PROFILE_PROPOSE_ACTION, "superuser"),
        (PROFILE_WITHDRAW_ACTION, "counsel"),
        (PROFILE_PROPOSE_ACTION, "superuser"),
        (PROFILE_CONFIRM_ACTION, "compliance"),
    ]
    trail = list(audit_entries(actions=[PROFILE_CONFIRM_ACTION]))
    assert trail and f"Phone: {OLD_PHONE} → {NEW_PHONE}" in trail[0].detail


def test_the_committee_sees_the_change_before_and_after_on_its_list_and_dashboard(client, people, profile):
    save_phone(client, people["superuser"], profile)
    client.force_login(people["compliance"])
    listing = client.get(reverse("disclosure_profile_changes")).content.decode()
    assert OLD_PHONE in listing and NEW_PHONE in listing and "Confirm: put it on the public site" in listing
    assert " ET</time>." in listing and ".</time>." not in listing  # its time in market time, one full stop
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Company profile changes waiting" in dashboard
    client.force_login(people["drafter"])  # neither committee nor an editor of the profile
    assert client.get(reverse("disclosure_profile_changes")).status_code in (302, 403)


def test_the_list_costs_the_same_queries_however_many_changes_it_shows(client, people, profile):
    """Each decided logo change names two images: they are read together, not one query a row."""

    def decided(count):
        for n in range(count):
            old, new = logo_image(title=f"Old mark {n}"), logo_image(title=f"New mark {n}")
            ProfileChange.objects.create(
                site=profile.site,
                values={"logo": new.pk, "ir_contact_phone": f"(781) 555-01{n:02d}"},
                before={"logo": old.pk, "ir_contact_phone": OLD_PHONE},
                proposed_by=people["superuser"],
                status=ProfileChange.CONFIRMED,
                decided_by=people["compliance"],
                decided_at=timezone.now(),
            )

    save_phone(client, people["superuser"], profile)  # one waiting too
    client.force_login(people["compliance"])
    url = reverse("disclosure_profile_changes")
    decided(2)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    decided(10)
    with CaptureQueriesContext(connection) as twelve:
        page = client.get(url).content.decode()
    assert "New mark 9" in page and "Old mark 0" in page
    assert len(twelve.captured_queries) == len(two.captured_queries)


def test_the_demo_has_a_change_waiting_for_the_committee(demo, client):
    """The administrator's new IR e-mail address waits; the public contacts page shows the current one."""
    (change,) = profile_changes.pending()
    assert change.proposed_by.username == "admin" and change.values == {"ir_contact_email": PENDING_IR_EMAIL}
    assert PENDING_IR_EMAIL not in client.get("/contacts/").content.decode()
