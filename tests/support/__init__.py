"""Shared test helpers (imported by test modules, never from one test module into another)."""
