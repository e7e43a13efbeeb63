"""The documents app prints meetings: it reuses the meetings tests' cell, its secretary and their helpers."""

from chibo.meetings.tests.test_documents import cell, secretary  # noqa: F401
