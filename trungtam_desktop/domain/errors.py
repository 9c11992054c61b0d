"""Errors raised by the core layers; every message is Vietnamese and names the field."""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """Base class for errors the user should see as a plain message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """A value typed by the user is not acceptable.

    ``field`` is the code name of the field (for the UI to place the message next to it);
    ``message`` is the Vietnamese sentence shown to the user, which names the field itself.

    A form checked as a whole raises one error for all its problems (``several``): ``problems`` lists
    every ``(field, message)`` in the form's order, so that a dialog shows them all at once beside their
    fields; ``field`` is the first one's and ``message`` joins them all (for the command line and the
    import's reason column).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.problems: tuple[tuple[str, str], ...] = ((field, message),)

    @classmethod
    def several(cls, problems: Sequence[tuple[str, str]]) -> ValidationError:
        """One error carrying every ``(field, message)`` of ``problems`` (at least one)."""
        if not problems:
            raise ValueError("several() needs at least one problem")
        error = cls(problems[0][0], " ".join(message for _field, message in problems))
        error.problems = tuple(problems)
        return error


class NotFoundError(DomainError):
    """The record asked for does not exist (any more)."""


class ConflictError(DomainError):
    """The action conflicts with the current state (locked class, duplicate number...)."""


class PermissionDeniedError(DomainError):
    """The signed-in user's role does not allow the action (access protection is on)."""
