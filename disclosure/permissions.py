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
- Deleting a live release would withdraw it without a reason: refused until it has been
  withdrawn.
- View restrictions (page privacy) are closed for everyone too: removing a restriction
  from a live release makes it public, adding one withdraws it, so either would be a
  disclosure decision without the approval chain or a reason. Compliance has no
  exception; a restriction that is really needed is set before the release is submitted
  by someone who can do it on the newsroom, or the release is withdrawn.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester


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
        if self.page.live:
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
