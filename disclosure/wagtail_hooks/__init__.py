"""Admin wiring of the Disclosure Policy, one module per feature (Wagtail imports this package for its hooks).

Each module registers small hooks named for what they do; the rules they call live in
disclosure's other modules, the screens in disclosure.views. Signals are connected in
DisclosureConfig.ready(), not here. Hooks run in the order they are registered, so the
feature modules are imported in a fixed order.
"""

# isort: off
# Imported for their @hooks.register side effects, in the order the hooks registered before the split.
from disclosure.wagtail_hooks import log_actions  # noqa: F401
from disclosure.wagtail_hooks import register  # noqa: F401
from disclosure.wagtail_hooks import audit  # noqa: F401
from disclosure.wagtail_hooks import withdraw  # noqa: F401
from disclosure.wagtail_hooks import schedule  # noqa: F401
from disclosure.wagtail_hooks import second_factor  # noqa: F401
from disclosure.wagtail_hooks import files  # noqa: F401
from disclosure.wagtail_hooks import committee  # noqa: F401
from disclosure.wagtail_hooks import workflow_ui  # noqa: F401
from disclosure.wagtail_hooks import route  # noqa: F401
from disclosure.wagtail_hooks import profile  # noqa: F401

# isort: on
