"""What every service shares: the database, the acting user, the clock, and the audit trail."""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from sqlalchemy import insert
from sqlalchemy.orm import Session

from trungtam_desktop.db.engine import Database
from trungtam_desktop.db.models import AuditLog
from trungtam_desktop.domain.access import Permission, allowed, why_not
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import PermissionDeniedError


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (service accounts, some CI)
        return "không rõ"


@dataclass
class ServiceContext:
    """Shared by all services of one program run."""

    database: Database
    user: str = field(default_factory=_default_user)
    # The clock (DESIGN rule 12): services and windows ask these, never date.today() or datetime.now(),
    # so that tests and the demo can set the day (tests/test_clock.py keeps it so).
    today: Callable[[], date] = date.today
    now: Callable[[], datetime] = datetime.now
    # The signed-in user's role when access protection is on (services/access.py); None: everything allowed.
    role: str | None = None


def _jsonable(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def diff(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """Changed fields as ``{field: [old, new]}`` (JSON-friendly)."""
    changes: dict[str, list[object]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


class Service:
    """Base class: ``_read()`` and ``_write()`` give a session inside one transaction."""

    def __init__(self, context: ServiceContext) -> None:
        self._ctx = context

    def _require(self, permission: Permission) -> None:
        """Refuse (PermissionDeniedError, in Vietnamese) what the signed-in user's role may not do."""
        if not allowed(self._ctx.role, permission):
            raise PermissionDeniedError(why_not(permission))

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._ctx.database.read_sessions.begin() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write transaction that holds SQLite's write lock from its start (BEGIN IMMEDIATE)."""
        with self._ctx.database.write_sessions.begin() as session:
            yield session

    def _audit(
        self,
        session: Session,
        entity: str,
        entity_id: int | None,
        action: AuditAction,
        changes: dict[str, object] | None = None,
        summary: str = "",
        batch_id: str | None = None,
    ) -> None:
        session.add(AuditLog(**self._audit_values(entity, entity_id, action, changes, summary, batch_id)))

    def _audit_many(
        self,
        session: Session,
        entity: str,
        entries: Sequence[tuple[int | None, dict[str, object], str]],
        batch_id: str | None,
        action: AuditAction = AuditAction.CREATE,
    ) -> None:
        """One audit entry per row written — ``(entity_id, changes, summary)`` — in one statement, with
        the same content as ``_audit`` (a 5,000-row list is audited in one go)."""
        if entries:
            session.execute(
                insert(AuditLog),
                [
                    self._audit_values(entity, entity_id, action, changes, summary, batch_id)
                    for entity_id, changes, summary in entries
                ],
            )

    def _audit_values(
        self,
        entity: str,
        entity_id: int | None,
        action: AuditAction,
        changes: dict[str, object] | None,
        summary: str,
        batch_id: str | None,
    ) -> dict[str, object]:
        return {
            "user": self._ctx.user,
            "entity": entity,
            "entity_id": entity_id,
            "action": action.value,
            "changes": json.dumps(changes or {}, ensure_ascii=False, default=str),
            "summary": summary[:500],
            "batch_id": batch_id,
        }

    @staticmethod
    def new_batch_id() -> str:
        return uuid.uuid4().hex
