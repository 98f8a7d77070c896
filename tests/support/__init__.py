"""Helpers shared by test files (never import one test file from another)."""
