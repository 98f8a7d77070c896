"""Template helpers for the editor's view of a workflow run (disclosure.workflow_comments)."""

from django import template

from disclosure.workflow_comments import workflow_comments as comments_of

register = template.Library()


@register.simple_tag
def workflow_comments(workflow_state):
    """The comments given in this workflow run, newest first (empty without a run)."""
    return comments_of(workflow_state)
