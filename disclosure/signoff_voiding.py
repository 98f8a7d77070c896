"""What happens to a revoked spokesperson's standing sign-offs (the lead engineer's part)."""

from __future__ import annotations


def void_signoffs_of(designation, *, by) -> None:
    """Implemented by the lead engineer: voids the revoked person's standing sign-offs."""
