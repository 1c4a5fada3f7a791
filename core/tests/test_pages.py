"""Role x page matrix for core pages (the tests are in test_core_pages.py)."""

from core.tests.test_core_pages import PAGES  # noqa: F401
