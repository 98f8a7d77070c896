"""Walking a release through the Disclosure Policy workflow in tests, as the task code would."""

from releases.models import PressReleasePage


def submit(page, user):
    """Save a revision as `user` and submit it to the newsroom's workflow."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def current_task_state(page):
    page = PressReleasePage.objects.get(pk=page.pk)
    return page.current_workflow_state.current_task_state.specific


def decide(page, user, action="approve", comment=""):
    state = current_task_state(page)
    state.task.specific.on_action(state, user, action, comment=comment)


def approve_all(page, roles, signers=("ceo",)):
    """The whole chain as the demo roles: the drafter submits, compliance reviews, `signers` sign off."""
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    for who in signers:
        decide(page, roles[who])
    return PressReleasePage.objects.get(pk=page.pk)
