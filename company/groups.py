"""The names of the groups that hold a role in the company's records.

The Disclosure Committee reviews releases and keeps the Disclosure Policy's registers
(disclosure/) and keeps the Code of Conduct's records (conduct/), an app below disclosure: the
group's name lives here, at the bottom, so both read the one definition.
"""

from __future__ import annotations

# The group whose members review releases, keep the registers and the Code's records.
COMMITTEE_GROUP_NAME = "Disclosure Committee"
