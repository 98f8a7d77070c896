"""How the Disclosure Policy workflow looks in the admin: the dashboard's panels and the editor's footer.

The reviewers' comments in the editor's status panel come from a template (templates/wagtailadmin/
shared/side_panels/includes/status/workflow.html, disclosure.workflow_comments), not a hook.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.action_menu import CancelWorkflowMenuItem, RestartWorkflowMenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from disclosure.panels import AwaitingReviewPanel, AwaitingSignOffPanel, OtherWorkflowsToModeratePanel
from disclosure.wagtail_hooks.withdraw import DisclosureDecisionMenuItem

# Footer actions that end or undo something (a workflow run, a schedule, a live release): never the
# primary button, which is one click away from a slip. Wagtail puts "Cancel workflow" first whenever
# the page is locked for the user, which is every drafter's view of a submitted release.
ENDING_ACTIONS = (CancelWorkflowMenuItem, RestartWorkflowMenuItem, DisclosureDecisionMenuItem)


@hooks.register("construct_homepage_panels")
def list_each_awaiting_release_once(request, panels):
    """Our review and sign-off panels; Wagtail's "Awaiting your review" keeps only the other workflows."""
    panels[:] = [
        OtherWorkflowsToModeratePanel() if type(panel) is WorkflowObjectsToModeratePanel else panel for panel in panels
    ]
    panels.extend([AwaitingReviewPanel(request.user), AwaitingSignOffPanel(request.user)])


@hooks.register("construct_page_action_menu")
def keep_ending_actions_out_of_the_primary_button(menu_items, request, context):
    """The first item becomes the primary button: make it the first one that ends nothing ("Save draft",
    a decision, or Wagtail's disabled "Page locked"); ending actions stay in the menu, in their order."""
    if not menu_items or not isinstance(menu_items[0], ENDING_ACTIONS):
        return
    for index, item in enumerate(menu_items):
        if not isinstance(item, ENDING_ACTIONS):
            menu_items.insert(0, menu_items.pop(index))
            return
