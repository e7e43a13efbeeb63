"""The cell with six full members, one probationary member and a sibling cell's secretary, for every votes test."""

from chibo.votes.tests.test_polls import cell  # noqa: F401
