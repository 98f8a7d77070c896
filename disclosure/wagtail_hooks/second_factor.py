"""Who the Disclosure Policy asks for a second factor (accounts.two_factor asks this hook)."""

from wagtail import hooks

from accounts.two_factor import REQUIRES_SECOND_FACTOR_HOOK
from disclosure.models import is_active_spokesperson
from disclosure.services import is_compliance


@hooks.register(REQUIRES_SECOND_FACTOR_HOOK)
def policy_holders_need_a_second_factor(user) -> bool:
    """Those who can put a release before the public: the Disclosure Committee and active spokespersons."""
    return is_compliance(user) or is_active_spokesperson(user)
