"""Each insider is told they are on a list, with a link to acknowledge the duties that follow.

The notice names the release by its reference only: its headline is the inside information
itself, and an e-mail is a copy outside the system. The acknowledgement page (no login: a
journalist has no account) shows the duties; its button records the time and address.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.utils import get_admin_base_url

from company.models import CompanyProfile
from insiders import models as m

logger = logging.getLogger(__name__)

DUTIES_VERSION = "2026-12-02"
DUTIES = (
    "You have, or have had, access to inside information about {company}: material information "
    "that is not yet public. Until it is public you must not buy or sell {company}'s securities "
    "(or anyone's whose price it may affect), recommend or induce anyone else to do so, or "
    "disclose it to anyone who does not need it for their work for the company. These duties "
    "follow from the company's Code of Business Conduct and Ethics (insider trading) and from "
    "the law: in the United States, Section 10(b) of the Securities Exchange Act and Rule 10b-5; "
    "in the European Union, Articles 14 and 30 of the Market Abuse Regulation. Breaches can be "
    "punished with fines and imprisonment. Your name, the time you obtained access and the time "
    "it ceased are kept on the company's insider list, which it must give the authorities on request."
)


def duties_text() -> str:
    return DUTIES.format(company=CompanyProfile.for_default_site().legal_name)


def acknowledgement_url(ack: m.Acknowledgement) -> str:
    return get_admin_base_url() + reverse("insiders_acknowledge", args=[ack.token])


def notify_insider(insider: m.Insider, release=None) -> m.Acknowledgement | None:
    """Tell `insider` they are on the list of `release` (or the permanent section when None), once."""
    try:
        with transaction.atomic():
            ack, created = m.Acknowledgement.objects.get_or_create(
                insider=insider, release=release, defaults={"notified_at": timezone.now()}
            )
    except IntegrityError:
        return None
    if not created or not insider.email:
        return ack
    what = (
        f"the insider list of press release #{release.pk}" if release is not None else "the permanent insiders section"
    )
    body = (
        f"You have been entered on {what} of {company_name()}.\n\n"
        f"{duties_text()}\n\n"
        f"Please confirm that you have read and understood these duties:\n{acknowledgement_url(ack)}\n"
    )
    try:
        send_mail(f"Insider list: please acknowledge your duties ({company_name()})", body, None, [insider.email])
    except Exception:
        logger.exception("The insider notice for %s could not be sent", insider.email)
    return ack


def company_name() -> str:
    return CompanyProfile.for_default_site().legal_name


def acknowledge(ack: m.Acknowledgement, *, address=None) -> bool:
    """Record the acknowledgement (once); returns whether this call recorded it."""
    with transaction.atomic():
        ack = m.Acknowledgement.objects.select_for_update().get(pk=ack.pk)
        if ack.acknowledged_at is not None:
            return False
        ack.acknowledged_at = timezone.now()
        ack.address = address
        ack.text = duties_text()
        ack.text_version = DUTIES_VERSION
        ack.save(update_fields=["acknowledged_at", "address", "text", "text_version"])
        m.InsiderListChange.objects.create(
            release=ack.release,
            insider=ack.insider,
            kind=m.InsiderListChange.ACKNOWLEDGED,
            at=ack.acknowledged_at,
            row={**ack.insider.snapshot(), "acknowledged_at": ack.acknowledged_at.isoformat()},
        )
    return True
