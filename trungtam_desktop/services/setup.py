"""The first-run setup (Thiết lập ban đầu): who the centre is, where its registers stand, what it teaches.

A new database names no centre. The setup wizard reads :meth:`SetupService.current`, lets the clerk fill it
in, and :meth:`SetupService.apply` writes it all in one transaction: the centre's identity (with the
deputies), the next register number of each certificate kind for this year (a centre moving from a paper
register continues its numbering), and which of the standard programmes it starts with (renamed or set
aside; their lessons and assessment are edited later in Cài đặt). Skipping is remembered (``dismiss``) so
the wizard does not return at every start; it stays reachable from Dữ liệu.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import AuditAction, CertificateKind
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.validation import validate_centre, validate_programme
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import current_centre, stored_centre
from trungtam_desktop.services.certificate_queries import get_register, last_number
from trungtam_desktop.services.mappers import programme_to_domain
from trungtam_desktop.services.settings import SettingsService

DISMISSED_KEY = "setup.dismissed"
REGISTER_KINDS = (CertificateKind.CERTIFICATE, CertificateKind.DIPLOMA)
MAX_REGISTER_NUMBER = 999_999


@dataclass(frozen=True)
class RegisterStart:
    """The next register number of one certificate kind this year.

    ``issued`` counts the certificates the program already wrote in that register: then the next number
    follows them and cannot be changed here (the register stays gap-free)."""

    kind: CertificateKind
    year: int
    next_number: int
    issued: int = 0

    @property
    def register_field(self) -> str:
        return f"register_{self.kind.value}"


@dataclass(frozen=True)
class ProgrammeChoice:
    """One programme as offered in the setup: its name, and whether the centre runs it."""

    programme_id: int
    code: str
    name: str
    active: bool

    @property
    def field(self) -> str:
        return f"programme_{self.programme_id}"


@dataclass(frozen=True)
class SetupPlan:
    centre: CentreIdentity
    registers: tuple[RegisterStart, ...]
    programmes: tuple[ProgrammeChoice, ...]


class SetupService(Service):
    ENTITY = "settings"  # audited as Cài đặt

    def needed(self) -> bool:
        """True when the program should open the setup wizard at start: no centre identity yet, and the
        clerk has not chosen to skip it."""
        with self._read() as session:
            if stored_centre(session) is not None:
                return False
            row = session.get(orm.AppSetting, DISMISSED_KEY)
            return row is None or row.value != "true"

    def dismiss(self) -> None:
        """The clerk skipped the setup: do not open it at every start (Dữ liệu → Thiết lập ban đầu)."""
        with self._write() as session:
            row = session.get(orm.AppSetting, DISMISSED_KEY)
            if row is None:
                session.add(orm.AppSetting(key=DISMISSED_KEY, value="true"))
            else:
                row.value = "true"

    def current(self) -> SetupPlan:
        """What the wizard starts from: the centre as set (or blank), this year's registers, programmes."""
        with self._read() as session:
            programmes = session.scalars(select(orm.Programme).order_by(orm.Programme.id)).all()
            return SetupPlan(
                centre=current_centre(session),
                registers=tuple(self._register_start(session, kind) for kind in REGISTER_KINDS),
                programmes=tuple(ProgrammeChoice(p.id, p.code, p.name, p.active) for p in programmes),
            )

    def apply(self, plan: SetupPlan) -> CentreIdentity:
        """Write the whole setup in one transaction; a ``ValidationError`` names the field and writes
        nothing."""
        self._require(Permission.SETTINGS)
        centre = validate_centre(plan.centre)
        if plan.programmes and not any(choice.active for choice in plan.programmes):
            raise ValidationError("programmes", "Chọn ít nhất một chương trình trung tâm sẽ mở lớp.")
        for start in plan.registers:
            _check_number(start)
        with self._write() as session:
            SettingsService(self._ctx).write_centre(session, centre)
            for start in plan.registers:
                self._write_register_start(session, start)
            for choice in plan.programmes:
                self._write_programme(session, choice)
            return centre

    # -- registers -----------------------------------------------------------------------------------
    def _register_start(self, session: Session, kind: CertificateKind) -> RegisterStart:
        year = self._ctx.today().year
        register = session.scalar(
            select(orm.CertificateRegister).where(
                orm.CertificateRegister.year == year, orm.CertificateRegister.kind == kind.value
            )
        )
        issued = 0
        if register is not None:
            issued = session.scalar(
                select(func.count())
                .select_from(orm.Certificate)
                .where(orm.Certificate.register_id == register.id)
            )
        return RegisterStart(kind, year, last_number(session, register) + 1, issued or 0)

    def _write_register_start(self, session: Session, start: RegisterStart) -> None:
        now = self._register_start(session, start.kind)
        if start.year != now.year:
            raise ValidationError(start.register_field, f"Chỉ đặt được số vào sổ của năm {now.year}.")
        if start.next_number == now.next_number:
            return
        if now.issued:
            raise ValidationError(
                start.register_field,
                f"Sổ {start.kind.label.lower()} năm {now.year} đã có {now.issued} giấy cấp trong chương "
                f"trình: số tiếp theo là {now.next_number} và không đổi được (sổ không được bỏ trống số).",
            )
        register = get_register(session, now.year, start.kind)
        register.first_number = start.next_number
        self._audit(
            session,
            self.ENTITY,
            register.id,
            AuditAction.SETTINGS,
            {"first_number": [now.next_number, start.next_number]},
            f"Sổ {start.kind.label.lower()} năm {now.year} bắt đầu từ số {start.next_number}",
        )

    # -- programmes ----------------------------------------------------------------------------------
    def _write_programme(self, session: Session, choice: ProgrammeChoice) -> None:
        row = session.get(orm.Programme, choice.programme_id)
        if row is None:
            return  # removed meanwhile: nothing of the clerk's is lost by skipping it
        before = programme_to_domain(row)
        try:
            cleaned = validate_programme(dataclasses.replace(before, name=choice.name, active=choice.active))
        except ValidationError as exc:  # named by the programme's row in the setup
            raise ValidationError(choice.field, exc.message) from exc
        if (cleaned.name, cleaned.active) == (before.name, before.active):
            return
        row.name, row.active = cleaned.name, cleaned.active
        self._audit(
            session,
            "programme",
            row.id,
            AuditAction.UPDATE,
            {"name": [before.name, cleaned.name], "active": [before.active, cleaned.active]},
            cleaned.name,
        )


def _check_number(start: RegisterStart) -> None:
    if not 1 <= start.next_number <= MAX_REGISTER_NUMBER:
        raise ValidationError(
            start.register_field,
            f"Số vào sổ tiếp theo của {start.kind.label.lower()} phải từ 1 "
            f"đến {format_int(MAX_REGISTER_NUMBER)}.",
        )
