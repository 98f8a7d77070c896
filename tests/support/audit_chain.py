"""Helpers for the audit chain's tests: change the record behind the application's back, as an insider
with database access would."""

from __future__ import annotations

import contextlib

from django.db import connection


@contextlib.contextmanager
def tampering():
    """Row changes the application never makes. On PostgreSQL the append-only triggers refuse them,
    so a database superuser switches triggers off for the session first (what an attacker with
    that power could do); SQLite has no triggers: only the chain can tell."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    else:
        yield
