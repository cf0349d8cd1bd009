"""The RSVP fixtures (session, workspace) for the limits tests."""

from tests.rsvp.conftest import session, workspace  # noqa: F401
