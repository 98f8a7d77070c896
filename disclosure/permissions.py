"""Who may do what with a press release in the admin: no side door to the public.

Plugged in through IR_RELEASE_PERMISSION_TESTER / IR_NEWSROOM_PERMISSION_TESTER
(releases/ knows nothing about approval). Wagtail asks these testers before it offers a
button and again when the action is posted, so a refused action is not offered at all:

- Publishing a release is never a user's own action, superusers included. A release goes
  live only when the Disclosure Policy workflow finishes (disclosure.guard.publish_approved).
  That closes the edit view's Publish, the revert view's "Publish this version", bulk
  publish, the admin API's publish action.
- Creating and publishing in one go is closed at the newsroom (can_publish_subpage), which
  also closes "publish copies", copy-as-alias and the API's copy with keep_live.
- Unpublishing and cancelling a schedule are disclosure decisions: Wagtail's own views,
  bulk unpublish and the API's unpublish refuse for everyone; an active spokesperson
  withdraws or cancels through disclosure.withdraw with a written reason, logged.
- Deleting is closed for every release that was ever submitted (live, scheduled, signed off,
  rejected or withdrawn: it is a disclosure record) and for everyone but the author of a draft
  nobody submitted; Wagtail then offers no Delete, and a forged one is refused with its message.
- View restrictions (page privacy) are closed for everyone too: removing a restriction
  from a live release makes it public, adding one withdraws it, so either would be a
  disclosure decision without the approval chain or a reason. Compliance has no
  exception; a restriction that is really needed is set before the release is submitted
  by someone who can do it on the newsroom, or the release is withdrawn.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, PagePermissionTester, WorkflowState


def ever_submitted(page) -> bool:
    """Whether the release was ever submitted to a workflow (whatever became of it)."""
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).exists()


class ReleasePermissionTester(PagePermissionTester):
    """Permissions on one press release."""

    def can_publish(self):
        return False

    def can_unpublish(self):
        # Wagtail's unpublish (view, bulk action, admin API) is closed; spokespersons use
        # disclosure.withdraw, which asks for the reason.
        return False

    def can_unschedule(self):
        # Same for Wagtail's "cancel scheduled publish": disclosure.withdraw.cancel_schedule.
        return False

    def can_set_view_restrictions(self):
        return False

    def can_delete(self, ignore_bulk=False):
        # A release that was ever submitted is a disclosure record (its workflow, sign-offs and
        # audit entries point at it): it is withdrawn, never deleted. A draft nobody submitted
        # may be deleted, by its author only.
        if self.page.live or self.page.pk is None or ever_submitted(self.page):
            return False
        if self.page.owner_id != self.user.pk:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


class NewsroomPermissionTester(PagePermissionTester):
    """Permissions on the newsroom: nothing is created live under it."""

    def can_publish_subpage(self):
        return False

    def can_delete(self, ignore_bulk=False):
        # Deleting the newsroom would withdraw every release at once, with no reason given.
        return False

    def can_set_view_restrictions(self):
        # A restriction on the newsroom would hide (or, removed, expose) every release.
        return False


class DisclosedPagePermissionTester(ReleasePermissionTester):
    """Events and governance documents (company.disclosed): a press release's rules, word for word.

    They go public only when the Disclosure Policy workflow finishes approved; nobody publishes,
    unpublishes, unschedules or restricts them in Wagtail's own views, and one ever submitted is
    a disclosure record that is never deleted. A cancelled event is a new version of the event
    page (its calendar entry says CANCELLED), approved like the first.
    """


class DisclosedIndexPermissionTester(NewsroomPermissionTester):
    """The events and governance indexes: like the newsroom, nothing is created live under them."""
