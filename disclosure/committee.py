"""Who sits on the Disclosure Committee: a two-person rule, and no other way in or out.

The committee reviews every release and keeps the register of spokespersons, so its
membership is a disclosure record and no one person changes it:

- a committee member proposes adding or removing someone, with a reason (`propose`);
- a second, different member confirms (`confirm`): never the proposer, never the person
  whose membership changes; only then does the group change;
- any member may withdraw a proposal that waits (`withdraw`);
- a committee with fewer than two members cannot apply the rule: it is seeded from the
  server's shell by `manage.py bootstrap_committee` (`bootstrap`), with a reason.

Each step is a CommitteeMembershipChange row (never deleted) and a ModelLogEntry the audit
trail shows. Superusers hold no Disclosure Policy power (holds_policy_power) and are not
proposed. Every other route is refused with PermissionDenied (the admin answers it as a
refusal, never a 500): an m2m_changed guard on User.groups refuses any change of the
committee group's members made outside this module (Admin → Users, the "Assign role" bulk
action, code), and the group cannot be renamed or deleted. Group changes of anyone holding a
designation are logged too ("disclosure.group_membership").
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone

from wagtail.log_actions import log

from disclosure.actions import (
    COMMITTEE_BOOTSTRAP_ACTION,
    COMMITTEE_CONFIRM_ACTION,
    COMMITTEE_PROPOSE_ACTION,
    COMMITTEE_WITHDRAW_ACTION,
    GROUP_MEMBERSHIP_ACTION,
)
from disclosure.models import CommitteeMembershipChange, Spokesperson, holds_policy_power
from disclosure.services import DISCLOSURE_COMMITTEE, is_compliance

_changing: contextvars.ContextVar[bool] = contextvars.ContextVar("disclosure_committee_change", default=False)


@contextmanager
def _committee_change():
    """The one door through which the committee group's members change (this module's services)."""
    token = _changing.set(True)
    try:
        yield
    finally:
        _changing.reset(token)


def committee_group() -> Group:
    return Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)[0]


def members():
    """Users in the committee group who hold its power (superusers and inactive accounts do not)."""
    return (
        get_user_model()
        .objects.filter(groups__name=DISCLOSURE_COMMITTEE, is_active=True, is_superuser=False)
        .distinct()
        .order_by(get_user_model().USERNAME_FIELD)
    )


def is_member(user) -> bool:
    return user.groups.filter(name=DISCLOSURE_COMMITTEE).exists()


def pending():
    return CommitteeMembershipChange.objects.filter(status=CommitteeMembershipChange.PENDING).select_related(
        "person", "proposed_by"
    )


def _log(change: CommitteeMembershipChange, action: str, *, by, **extra) -> None:
    log(
        instance=change,
        action=action,
        user=by,
        data={
            "person": change.person.get_username(),
            "change": change.change,
            "reason": change.reason,
            "proposed_by": change.proposed_by.get_username() if change.proposed_by_id else "",
            **extra,
        },
    )


def _check_change(person, change: str) -> None:
    if change == CommitteeMembershipChange.ADD:
        if is_member(person):
            raise ValidationError(f"{person.get_username()} is already on the Disclosure Committee.")
        if not holds_policy_power(person):
            raise ValidationError("A superuser holds no Disclosure Policy power and cannot sit on the committee.")
        if not person.is_active:
            raise ValidationError("An inactive account cannot join the Disclosure Committee.")
    elif change == CommitteeMembershipChange.REMOVE:
        if not is_member(person):
            raise ValidationError(f"{person.get_username()} is not on the Disclosure Committee.")
    else:
        raise ValidationError(f"Unknown change {change!r}.")


@transaction.atomic
def propose(person, *, change: str, by, reason: str) -> CommitteeMembershipChange:
    """A committee member proposes adding or removing `person`; nothing changes until a second member confirms."""
    if not is_compliance(by):
        raise PermissionDenied("Only a member of the Disclosure Committee may propose a membership change.")
    if not (reason or "").strip():
        raise ValidationError("Give the reason for the membership change.")
    _check_change(person, change)
    if pending().filter(person=person).exists():
        raise ValidationError(f"A change of {person.get_username()}'s membership already waits for confirmation.")
    proposal = CommitteeMembershipChange.objects.create(
        person=person, change=change, reason=reason.strip(), proposed_by=by
    )
    _log(proposal, COMMITTEE_PROPOSE_ACTION, by=by)
    return proposal


@transaction.atomic
def confirm(proposal: CommitteeMembershipChange, *, by) -> CommitteeMembershipChange:
    """A second committee member confirms a proposal: the group changes now (two-person rule)."""
    proposal = CommitteeMembershipChange.objects.select_for_update().get(pk=proposal.pk)
    if not is_compliance(by):
        raise PermissionDenied("Only a member of the Disclosure Committee may confirm a membership change.")
    if proposal.status != CommitteeMembershipChange.PENDING:
        raise ValidationError("This proposal has already been decided.")
    if proposal.proposed_by_id == by.pk:
        raise PermissionDenied("A second committee member must confirm: nobody confirms their own proposal.")
    if proposal.person_id == by.pk:
        raise PermissionDenied("Nobody confirms a change of their own membership.")
    _check_change(proposal.person, proposal.change)
    _apply(proposal)
    proposal.status = CommitteeMembershipChange.CONFIRMED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    _log(proposal, COMMITTEE_CONFIRM_ACTION, by=by)
    return proposal


@transaction.atomic
def withdraw(proposal: CommitteeMembershipChange, *, by) -> CommitteeMembershipChange:
    """Any committee member withdraws (or declines) a proposal that waits; nothing changes."""
    proposal = CommitteeMembershipChange.objects.select_for_update().get(pk=proposal.pk)
    if not is_compliance(by):
        raise PermissionDenied("Only a member of the Disclosure Committee may withdraw a proposal.")
    if proposal.status != CommitteeMembershipChange.PENDING:
        raise ValidationError("This proposal has already been decided.")
    proposal.status = CommitteeMembershipChange.WITHDRAWN
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    _log(proposal, COMMITTEE_WITHDRAW_ACTION, by=by)
    return proposal


@transaction.atomic
def bootstrap(people, *, reason: str, by=None) -> list[CommitteeMembershipChange]:
    """Seed a committee too small for the two-person rule (fresh install, demo), logged as a bootstrap.

    Refused once the committee has two members: from then on only propose/confirm change it.
    Run from the server's shell (manage.py bootstrap_committee), not from the admin.
    """
    if not (reason or "").strip():
        raise ValidationError("A bootstrap of the Disclosure Committee needs a reason.")
    if members().count() >= 2:
        raise PermissionDenied(
            "The Disclosure Committee has two members or more: changes need a proposal and a second member's "
            "confirmation (Admin → Committee membership)."
        )
    records = []
    for person in people:
        if is_member(person):
            continue
        _check_change(person, CommitteeMembershipChange.ADD)
        record = CommitteeMembershipChange.objects.create(
            person=person,
            change=CommitteeMembershipChange.ADD,
            reason=reason.strip(),
            proposed_by=by,
            status=CommitteeMembershipChange.CONFIRMED,
            decided_by=by,
            decided_at=timezone.now(),
            bootstrap=True,
        )
        _apply(record)
        _log(record, COMMITTEE_BOOTSTRAP_ACTION, by=by)
        records.append(record)
    return records


def _apply(change: CommitteeMembershipChange) -> None:
    group = committee_group()
    with _committee_change():
        if change.change == CommitteeMembershipChange.ADD:
            group.user_set.add(change.person)
        else:
            group.user_set.remove(change.person)


# -- the guards -------------------------------------------------------------------------------------


def _committee_pk() -> int | None:
    return Group.objects.filter(name=DISCLOSURE_COMMITTEE).values_list("pk", flat=True).first()


def _member_ids(committee_pk: int, user_ids=None) -> set[int]:
    rows = get_user_model().groups.through.objects.filter(group_id=committee_pk)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    return set(rows.values_list("user_id", flat=True))


def _touches_committee(instance, action: str, reverse: bool, pk_set, committee_pk: int) -> bool:
    if reverse:  # group.user_set.add(...): instance is a Group, pk_set user ids
        if instance.pk != committee_pk:
            return False
        if action == "pre_add":
            return bool(pk_set)
        return bool(_member_ids(committee_pk, None if action == "pre_clear" else pk_set))
    # user.groups.add(...): instance is a User, pk_set group ids
    if action == "pre_add":
        return committee_pk in (pk_set or ())
    if action == "pre_remove" and committee_pk not in (pk_set or ()):
        return False
    return instance.pk in _member_ids(committee_pk, [instance.pk])


def guard_committee_membership(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed on User.groups: the committee's members change only through this module."""
    if action not in ("pre_add", "pre_remove", "pre_clear") or _changing.get():
        return
    committee_pk = _committee_pk()
    if committee_pk is not None and _touches_committee(instance, action, reverse, pk_set, committee_pk):
        raise PermissionDenied(
            "Disclosure Committee membership changes only through Admin → Committee membership: "
            "one member proposes, a second confirms."
        )


def _holding_designation(user_ids) -> set[int]:
    now = timezone.now()
    return set(
        Spokesperson.objects.filter(user_id__in=user_ids)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gt=now))
        .values_list("user_id", flat=True)
    )


def log_designated_group_changes(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed on User.groups: a group change of anyone holding a designation is a disclosure record."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    through = get_user_model().groups.through
    if reverse:
        group_ids = [instance.pk]
        user_ids = (
            set(through.objects.filter(group_id=instance.pk).values_list("user_id", flat=True))
            if action == "pre_clear"
            else set(pk_set or ())
        )
    else:
        user_ids = {instance.pk}
        group_ids = (
            list(through.objects.filter(user_id=instance.pk).values_list("group_id", flat=True))
            if action == "pre_clear"
            else list(pk_set or ())
        )
    designated = _holding_designation(user_ids)
    if not designated:
        return
    groups = {
        group.pk: group.name for group in Group.objects.filter(pk__in=group_ids).exclude(name=DISCLOSURE_COMMITTEE)
    }
    change = "added" if action == "post_add" else "removed"
    for user in get_user_model().objects.filter(pk__in=designated):
        for name in sorted(groups.values()):
            # No user given: Wagtail's log context names whoever made the change in the admin.
            data = {"person": user.get_username(), "group": name, "change": change}
            log(instance=user, action=GROUP_MEMBERSHIP_ACTION, data=data)


def guard_committee_group(sender, instance, **kwargs) -> None:
    """pre_save on Group: the committee is not renamed, and no other group takes its name."""
    if kwargs.get("raw") or instance.pk is None:
        return
    old = Group.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    if old is not None and old != instance.name and DISCLOSURE_COMMITTEE in (old, instance.name):
        raise PermissionDenied("The Disclosure Committee group cannot be renamed, nor another group take its name.")


def refuse_committee_group_delete(sender, instance, **kwargs) -> None:
    """pre_delete on Group: deleting the committee would end every membership without a record."""
    if instance.name == DISCLOSURE_COMMITTEE:
        raise PermissionDenied("The Disclosure Committee group cannot be deleted.")


def refuse_committee_member_delete(sender, instance, **kwargs) -> None:
    """pre_delete on the user model: a member leaves the committee by a confirmed removal first."""
    committee_pk = _committee_pk()
    if committee_pk is not None and instance.pk in _member_ids(committee_pk, [instance.pk]):
        raise PermissionDenied("A Disclosure Committee member is removed from the committee before the account goes.")


def connect_committee_guard() -> None:
    """Called once from DisclosureConfig.ready()."""
    User = get_user_model()
    m2m_changed.connect(guard_committee_membership, sender=User.groups.through, dispatch_uid="disclosure-committee")
    m2m_changed.connect(
        log_designated_group_changes, sender=User.groups.through, dispatch_uid="disclosure-designated-groups"
    )
    pre_save.connect(guard_committee_group, sender=Group, dispatch_uid="disclosure-committee-name")
    pre_delete.connect(refuse_committee_group_delete, sender=Group, dispatch_uid="disclosure-committee-delete")
    pre_delete.connect(refuse_committee_member_delete, sender=User, dispatch_uid="disclosure-committee-member-delete")
