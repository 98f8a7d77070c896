"""Certification of the Code: from the invitation e-mail to the certification, kept with the version of the Code."""

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from conduct import certification
from conduct.models import Certification, CertificationInvitation
from governance.models import GovernanceDocumentVersion
from tests.support.conduct_certification import committee_member, employee, form_data, links_in_outbox, path_of, start
from tests.support.governance import amend

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certification_clock")]


@pytest.fixture
def campaign(code, django_capture_on_commit_callbacks):
    """The annual campaign: a user (Robert Panora) and a director without a login (Jane Doe)."""
    bonnie = committee_member()
    robert = employee("robert", "Robert", "Panora")
    with django_capture_on_commit_callbacks(execute=True):
        campaign, _ = start(
            bonnie,
            robert,
            certification.Invitee(name="Jane Doe", email="jane.doe@example.org"),
            due_on=dt.date(2026, 12, 31),
        )
    return campaign


def invitation_of(campaign, email):
    return CertificationInvitation.objects.get(campaign=campaign, email=email)


def test_campaign_keeps_the_version_of_the_code_it_started_against(campaign, code):
    """The campaign keeps the Code page, its version label, effective date, live revision and frozen version."""
    assert campaign.code_page_id == code.pk
    assert campaign.version_label == "2011"
    assert campaign.effective_date == dt.date(2011, 1, 1)
    assert campaign.revision_id == code.live_revision_id
    assert campaign.code_version_number == GovernanceDocumentVersion.objects.get(page_id=code.pk).number


def test_each_invitee_gets_an_email_with_a_personal_link(campaign):
    """One message each, to their own address, with their own link, the version of the Code and the due date."""
    assert sorted(m.to[0] for m in mail.outbox) == ["jane.doe@example.org", "robert@example.com"]
    jane = next(m for m in mail.outbox if m.to == ["jane.doe@example.org"])
    assert jane.subject == "Please certify the Code of Business Conduct and Ethics (Tecogen Inc.)"
    assert "Dear Jane Doe," in jane.body
    assert "(version 2011)" in jane.body
    assert "Please certify by December 31, 2026." in jane.body
    robert_link, jane_link = links_in_outbox("robert@example.com"), links_in_outbox("jane.doe@example.org")
    assert len(robert_link) == len(jane_link) == 1 and robert_link != jane_link
    assert invitation_of(campaign, "jane.doe@example.org").last_sent_at is not None


def test_link_opens_the_form_without_login_and_shows_the_code(client, campaign, code, django_assert_max_num_queries):
    """No login: the page shows the Code's version (a link to it), the three statements and the form; never cached."""
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "version 2011, effective" in html and 'datetime="2011-01-01"' in html
    assert f'href="{code.url}"' in html
    for statement in certification.SEED_STATEMENTS:
        assert statement in html
    assert 'name="printed_name"' in html and 'value="Jane Doe"' in html
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_certifying_records_name_date_statements_version_time_address_and_browser(client, campaign, code):
    """The certification as the Code's form asks, kept with the version and revision it was made against."""
    invitation = invitation_of(campaign, "jane.doe@example.org")
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    response = client.post(
        url, form_data(invitation, name="Jane A. Doe"), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox/140"
    )
    assert response.status_code == 200
    assert "your certification is recorded" in response.content.decode()
    done = Certification.objects.get(invitation=invitation)
    assert done.printed_name == "Jane A. Doe"
    assert done.signed_on == dt.date(2026, 12, 3)
    assert done.statements == list(certification.SEED_STATEMENTS)
    assert (done.version_label, done.effective_date, done.revision_id) == (
        "2011",
        dt.date(2011, 1, 1),
        code.live_revision_id,
    )
    assert done.code_page_id == code.pk and done.code_version_number == 1
    assert done.address == "203.0.113.9" and done.user_agent == "Firefox/140"
    assert abs(done.certified_at - timezone.now()) < dt.timedelta(minutes=1)
    entry = ModelLogEntry.objects.get(action=certification.CERTIFIED_ACTION)
    assert entry.data["printed_name"] == "Jane A. Doe" and entry.data["version"] == "2011"


def test_form_refuses_a_missing_name_and_unticked_statements_with_clear_errors(client, campaign):
    """Nothing is recorded: the page says what is missing, field by field (400, never a 500)."""
    invitation = invitation_of(campaign, "jane.doe@example.org")
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    response = client.post(url, form_data(invitation, name="  ", ticked=(1, 3)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Print your name, as on the Code&#x27;s form." in html
    assert "Tick statement 2 to certify it." in html
    assert "Tick statement 1" not in html and "Tick statement 3" not in html
    assert not Certification.objects.exists()


def test_form_refuses_a_missing_or_future_date(client, campaign):
    """The form's date is required and cannot be later than today (market time)."""
    invitation = invitation_of(campaign, "jane.doe@example.org")
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    assert "Write the date." in client.post(url, form_data(invitation, date="")).content.decode()
    later = client.post(url, form_data(invitation, date="2026-12-04")).content.decode()
    assert "The date cannot be later than today (December 3, 2026)." in later
    garbled = client.post(url, form_data(invitation, date="3rd of Dec")).content.decode()
    assert "Write the date as year-month-day" in garbled
    assert not Certification.objects.exists()


def test_a_used_link_is_refused_with_the_record(client, campaign):
    """After certifying, the link opens only what is on record (410); a second certification is refused."""
    invitation = invitation_of(campaign, "jane.doe@example.org")
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    client.post(url, form_data(invitation))
    again = client.post(url, form_data(invitation, name="Someone Else"))
    assert again.status_code == 410
    html = again.content.decode()
    assert "This link has been used" in html and "Jane Doe" in html and "Someone Else" not in html
    assert Certification.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # altered signature
        lambda token: "not-a-token",  # made up
        lambda token: token.replace(token.split(":")[0], "eyJpIjoxLCJrIjoiMCJ9"),  # another payload, old signature
    ],
)
def test_a_forged_link_is_refused_with_a_clear_page(client, campaign, tamper):
    """A forged or altered link opens no form: a page says it is not valid (404), never a 500."""
    token = path_of(links_in_outbox("jane.doe@example.org")[0]).rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/code-certification/{tamper(token)}/")
    assert response.status_code == 404
    assert "This certification link" in response.content.decode()
    assert 'name="printed_name"' not in response.content.decode()


def test_a_closed_campaign_link_is_refused(client, campaign):
    """Once the committee closes the campaign, its links say so (410) and record nothing."""
    certification.close_campaign(campaign, by=campaign.started_by)
    invitation = invitation_of(campaign, "jane.doe@example.org")
    url = path_of(links_in_outbox("jane.doe@example.org")[0])
    response = client.post(url, form_data(invitation))
    assert response.status_code == 410
    assert "This certification campaign is closed." in response.content.decode()
    assert not Certification.objects.exists()


def test_an_amendment_while_reading_is_refused_and_the_new_version_is_certified(client, campaign, code):
    """A certification is of the version the person read: amended meanwhile, they read and certify the new one."""
    invitation = invitation_of(campaign, "robert@example.com")
    url = path_of(links_in_outbox("robert@example.com")[0])
    shown = form_data(invitation)
    amended = amend(code, version="2026", effective_date=dt.date(2026, 12, 1), change_summary="Quiet periods added.")
    refused = client.post(url, shown)
    assert refused.status_code == 400
    assert "The Code was amended while you were reading it: it is now version 2026." in refused.content.decode()
    assert client.post(url, form_data(invitation)).status_code == 200
    done = Certification.objects.get(invitation=invitation)
    assert (done.version_label, done.revision_id, done.code_version_number) == ("2026", amended.live_revision_id, 2)
    assert campaign.version_label == "2011"  # the campaign still says what it started against


def test_certifications_are_never_changed_or_deleted(client, campaign):
    """The record is written once."""
    invitation = invitation_of(campaign, "jane.doe@example.org")
    client.post(path_of(links_in_outbox("jane.doe@example.org")[0]), form_data(invitation))
    done = Certification.objects.get()
    done.printed_name = "Changed"
    with pytest.raises(PermissionDenied):
        done.save()
    with pytest.raises(PermissionDenied):
        Certification.objects.all().delete()
    with pytest.raises(PermissionDenied):
        campaign.delete()


def test_no_campaign_without_a_published_code(home):
    """Starting a campaign before the Code is published is refused with the reason."""
    with pytest.raises(ValidationError, match="not published"):
        start(committee_member(), employee("ann", "Ann", "Langley"))
