"""Errors an owner or a guest can cause; each carries a code and a message meant for people."""

from __future__ import annotations


class RsvpError(ValueError):
    """Base: `code` is stable for programs, the message is shown to the owner."""

    code = "rsvp_error"

    def __init__(self, message: str, code: str | None = None, **values: object) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.values = values  # what the owner's wording of `code` fills in ("at most {limit} events")


class DuplicateEvent(RsvpError):
    """Same date and venue as another account's event: the policy sends the owner to support."""

    code = "duplicate_event"


class EventKeyTaken(RsvpError):
    code = "event_key_taken"


class EventInPast(RsvpError):
    """A start date that has passed (usually a year typed wrong)."""

    code = "event_in_past"


class EventNotFound(RsvpError):
    code = "event_not_found"


class EditingLocked(RsvpError):
    """Over the free quota without a package: the guest table may not be changed."""

    code = "editing_locked"


class ImportFileError(RsvpError):
    """The uploaded file as a whole cannot be read (format, headers, size).

    `code` stays "bad_file" for programs; `reason` says which problem ("empty", "old_xls", ...) and
    `values` its numbers, so the console words it in the planner's language without reading the sentence.
    An empty `reason` means the message is already in the owner's language."""

    code = "bad_file"

    def __init__(self, message: str, reason: str = "", **values: int) -> None:
        super().__init__(message, **values)
        self.reason = reason


class InvalidAnswer(RsvpError):
    code = "invalid_answer"


class GuestNotFound(RsvpError):
    """No guest of the event has this number (or it is no phone number at all)."""

    code = "guest_not_found"
