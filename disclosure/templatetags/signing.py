"""Template helpers of the Disclosure Policy's admin screens."""

from django import template

from disclosure.decisions import confirmation

register = template.Library()


@register.simple_tag
def sign_off_confirmation(task_state):
    """What the Sign off modal shows for this step (disclosure.decisions.confirmation)."""
    return confirmation(task_state)
