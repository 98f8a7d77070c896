"""The permission matrices' roles: who stands behind each one (users of the demo-shaped ``roles`` fixture)."""

# "superuser" is made by each matrix (or tests.support.register.with_counsel); "anonymous" is nobody.
ROLE_USERS = {
    "drafter": "drafter",
    "compliance": "compliance",
    "spokesperson": "ceo",
    "revoked": "president",
    "executive": "cfo",
    "superuser": "superuser",
    "anonymous": None,
}
ROLES = list(ROLE_USERS)
