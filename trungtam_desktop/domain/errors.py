"""Errors raised by the core layers; every message is Vietnamese and names the field."""

from __future__ import annotations


class DomainError(Exception):
    """Base class for errors the user should see as a plain message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """A value typed by the user is not acceptable.

    ``field`` is the code name of the field (for the UI to place the message next to it);
    ``message`` is the Vietnamese sentence shown to the user, which names the field itself.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    """The record asked for does not exist (any more)."""


class ConflictError(DomainError):
    """The action conflicts with the current state (locked class, duplicate number...)."""


class PermissionDeniedError(DomainError):
    """The signed-in user's role does not allow the action (access protection is on)."""
