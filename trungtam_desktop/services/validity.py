"""Certificate validity: months per programme (a setting), a certificate's window, "does this person hold a
valid certificate of this programme on this date?", and the certificates that expire in the next months.

The rules are in :mod:`trungtam_desktop.domain.validity`. The setting is kept through the settings service
(``app_setting`` key ``certificate_validity``: months per programme id, ``null`` for no end); a programme
without an entry has its kind's default (60 months for nhận thức về Đảng, none for the others).
Only this centre's register is searched: certificates issued elsewhere are not known here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.inputs import IssueInfo, Signer
from trungtam_desktop.domain.access import Permission
from trungtam_desktop.domain.enums import CertificateKind, CertificateStatus, ProgrammeKind
from trungtam_desktop.domain.errors import NotFoundError, ValidationError
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.organisation import commune_key
from trungtam_desktop.domain.validation import validate_cccd
from trungtam_desktop.domain.validity import (
    MAX_MONTHS,
    ExpiringList,
    HeldCertificate,
    ProgrammeValidity,
    Validity,
    ValidityAnswer,
    add_months,
    check_months,
    default_months,
    valid_until,
)
from trungtam_desktop.domain.vietnamese import (
    clean_text,
    fold,
    format_birth,
    format_date,
    parse_birth,
    person_sort_key,
)
from trungtam_desktop.services.base import Service, ServiceContext
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_queries import number_text
from trungtam_desktop.services.settings import SettingsService

VALIDITY_KEY = "certificate_validity"
MAX_AHEAD = 120


def _months_setting(value: object) -> dict[int, int | None]:
    months: dict[int, int | None] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).isdigit() and (item is None or (isinstance(item, int) and 1 <= item <= MAX_MONTHS)):
                months[int(key)] = item
    return months


class ValidityService(Service):
    def __init__(self, context: ServiceContext, settings: SettingsService | None = None) -> None:
        super().__init__(context)
        self._settings = settings or SettingsService(context)

    # -- the setting ---------------------------------------------------------------------------------------
    def programme_validity(self) -> list[ProgrammeValidity]:
        """Every programme that gives a certificate or Bằng, with the validity in force."""
        stored = _months_setting(self._settings.value(VALIDITY_KEY, {}))
        with self._read() as session:
            rows = session.scalars(
                select(orm.Programme)
                .where(orm.Programme.certificate_kind != CertificateKind.NONE.value)
                .order_by(orm.Programme.id)
            ).all()
            result = []
            for row in rows:
                kind = ProgrammeKind(row.kind)
                months = stored[row.id] if row.id in stored else default_months(kind)
                result.append(ProgrammeValidity(row.id, row.name, kind, months, default_months(kind)))
            return result

    def save_validity(self, months: Mapping[int, int | None]) -> list[ProgrammeValidity]:
        """Set the validity of the given programmes (None: no end); the others keep theirs."""
        self._require(Permission.SETTINGS)
        known = {p.programme_id: p for p in self.programme_validity()}
        problems = []
        for programme_id, value in months.items():
            if programme_id not in known:
                raise NotFoundError("Có chương trình không còn trong cơ sở dữ liệu; mở lại trang cài đặt.")
            try:
                check_months(value, known[programme_id].programme)
            except ValidationError as exc:
                problems.append((exc.field, exc.message))
        if problems:
            raise ValidationError.several(problems)
        stored = _months_setting(self._settings.value(VALIDITY_KEY, {}))
        stored.update(months)
        self._settings.set_value(VALIDITY_KEY, {str(k): v for k, v in sorted(stored.items())})
        return self.programme_validity()

    def _months(self) -> dict[int, int | None]:
        return {p.programme_id: p.months for p in self.programme_validity()}

    # -- certificates with their validity --------------------------------------------------------------------
    def certificates_of(self, learner_id: int) -> list[HeldCertificate]:
        """Every certificate of a learner (any status), newest first."""
        held = self._held([orm.Enrolment.learner_id == learner_id])
        return sorted(held, key=lambda h: (h.issued_on, h.certificate_id), reverse=True)

    def _held(self, conditions: Sequence[object]) -> list[HeldCertificate]:
        months = self._months()
        with self._read() as session:
            stmt = (
                select(
                    orm.Certificate, orm.CertificateRegister, orm.Learner, orm.TrainingClass, orm.Programme
                )
                .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
                .join(orm.Enrolment, orm.Certificate.enrolment_id == orm.Enrolment.id)
                .join(orm.Learner, orm.Enrolment.learner_id == orm.Learner.id)
                .join(orm.TrainingClass, orm.Enrolment.class_id == orm.TrainingClass.id)
                .join(orm.Programme, orm.TrainingClass.programme_id == orm.Programme.id)
                .where(*conditions)  # type: ignore[arg-type]
            )
            rows = session.execute(stmt).all()
            first = _first_issued(session, [r[0] for r in rows])
            held = []
            for certificate, register, learner, klass, programme in rows:
                start = first[certificate.id]
                until = valid_until(start, months.get(programme.id))
                validity = Validity(start, until, CertificateStatus(certificate.status))
                held.append(
                    HeldCertificate(
                        certificate.id,
                        certificate.enrolment_id,
                        learner.id,
                        learner.full_name,
                        format_birth(learner.birth_date, learner.birth_year),
                        learner.cccd or "",
                        learner.commune,
                        learner.party_cell,
                        learner.unit,
                        programme.id,
                        programme.name,
                        klass.code,
                        klass.name,
                        number_text(register, certificate.number),
                        certificate.issued_on,
                        validity,
                    )
                )
            return held

    # -- the lookup ------------------------------------------------------------------------------------------
    def check(
        self, programme_id: int, on: date, *, cccd: str = "", full_name: str = "", birth: str = ""
    ) -> ValidityAnswer:
        """Does the person (by CCCD, or by name and birth date or year) hold a valid certificate of the
        programme on ``on``? Several people with one name and birth: the answer says so (ask by CCCD)."""
        programme = {p.programme_id: p for p in self.programme_validity()}.get(programme_id)
        if programme is None:
            raise ValidationError("programme", "Hãy chọn chương trình có cấp giấy chứng nhận.")
        people, who = self._people(cccd, full_name, birth)
        if not people:
            return ValidityAnswer(False, f"Không có học viên nào {who} trong sổ của trung tâm.")
        held = self._held(
            [
                orm.Enrolment.learner_id.in_([p.id for p in people]),
                orm.TrainingClass.programme_id == programme_id,
            ]
        )
        held.sort(key=lambda h: (h.issued_on, h.certificate_id), reverse=True)
        if len(people) > 1:
            return ValidityAnswer(
                False,
                f"Có {len(people)} học viên {who}: chưa trả lời được. Hãy tra theo số CCCD.",
                tuple(held),
            )
        person = people[0]
        name = f"{person.full_name} (sinh {format_birth(person.birth_date, person.birth_year) or 'không rõ'})"
        asked = f"vào ngày {format_date(on)}"
        valid = [h for h in held if h.validity.valid_on(on)]
        if valid:
            h = valid[0]
            until = f"hiệu lực đến {format_date(h.until)}" if h.until else "không thời hạn"
            return ValidityAnswer(
                True,
                f"CÓ: {asked}, {name} có giấy chứng nhận {programme.programme} còn hiệu lực (số "
                f"{h.register_number}, lớp {h.class_name}, cấp ngày {format_date(h.issued_on)}, {until}).",
                tuple(held),
            )
        if not held:
            reason = f"chưa được trung tâm cấp giấy chứng nhận {programme.programme}"
        else:
            reason = _why_not_valid(held, on)
        return ValidityAnswer(False, f"KHÔNG: {asked}, {name} {reason}.", tuple(held))

    def _people(self, cccd: str, full_name: str, birth: str) -> tuple[list[orm.Learner], str]:
        """The learners matching the query, and how the query reads in a sentence."""
        number = clean_text(cccd)
        if number:
            number = validate_cccd(number) or ""
            with self._read() as session:
                people = list(session.scalars(select(orm.Learner).where(orm.Learner.cccd == number)))
                session.expunge_all()
            return people, f"có số CCCD {number}"
        name = clean_text(full_name)
        if not name:
            raise ValidationError("cccd", "Nhập số CCCD, hoặc họ tên và ngày sinh của người cần tra.")
        birth_date, birth_year = parse_birth(birth, "birth", "Ngày sinh", self._ctx.today())
        stmt = select(orm.Learner).where(
            orm.Learner.name_key == fold(name), orm.Learner.birth_year == birth_year
        )
        with self._read() as session:
            people = [
                p
                for p in session.scalars(stmt)
                if birth_date is None or p.birth_date is None or p.birth_date == birth_date
            ]
            session.expunge_all()
        birth_text = format_date(birth_date) if birth_date else str(birth_year)
        return people, f"tên {name}, sinh {birth_text}"

    # -- the expiry list -------------------------------------------------------------------------------------
    def expiring(self, months: int, *, commune: str = "", party_cell: str = "") -> ExpiringList:
        """Valid certificates whose validity ends from today to ``months`` months from today, of the
        learners of a commune (matched like the report's) or a chi bộ (its name contains the text, tone
        marks and case ignored); soonest first."""
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_AHEAD:
            raise ValidationError("months", f"Số tháng phải từ 1 đến {MAX_AHEAD}.")
        today = self._ctx.today()
        end = add_months(today, months)
        # Only certificates that can still be valid today: the chain's first issue (on or before this
        # one's) less than the programme's validity ago (a cheap SQL pre-filter; the rule is below).
        windows = [
            (orm.TrainingClass.programme_id == programme_id)
            & (orm.Certificate.issued_on > add_months(today, -m))
            for programme_id, m in self._months().items()
            if m is not None
        ]
        if not windows:
            return ExpiringList(today, end, months, clean_text(commune), clean_text(party_cell), ())
        conditions = [orm.Certificate.status == CertificateStatus.ISSUED.value, or_(*windows)]
        held = [h for h in self._held(conditions) if h.until is not None and today <= h.until <= end]
        wanted, cell = commune_key(commune), fold(party_cell)
        if wanted:
            held = [h for h in held if commune_key(h.commune) == wanted]
        if cell:
            held = [h for h in held if cell in fold(h.party_cell)]
        held.sort(key=lambda h: (h.until, person_sort_key(h.full_name, None, None)))
        return ExpiringList(today, end, months, clean_text(commune), clean_text(party_cell), tuple(held))

    # -- the expiry list as documents ------------------------------------------------------------------------
    def expiring_pdf(self, data: ExpiringList) -> bytes:
        from trungtam_desktop.documents.expiring_list import ExpiringListRenderer

        centre = self._centre()
        signer = Signer(centre.director_title or "GIÁM ĐỐC", centre.director_name)
        issue = IssueInfo(issue_date=self._ctx.today(), signer=signer, preparer=Signer("NGƯỜI LẬP BIỂU"))
        return ExpiringListRenderer(centre).render(data, issue)

    def expiring_xlsx(self, data: ExpiringList) -> bytes:
        from trungtam_desktop.documents.expiring_list import expiring_workbook

        return expiring_workbook(data, self._centre().centre_name)

    def _centre(self) -> CentreIdentity:
        with self._read() as session:
            return printed_centre(session)


def _first_issued(session: Session, certificates: Sequence[orm.Certificate]) -> dict[int, date]:
    """The issue date of the first certificate of each one's re-issue chain."""
    first: dict[int, date] = {}
    for certificate in certificates:
        current, seen = certificate, {certificate.id}
        while current.replaces_id is not None and current.replaces_id not in seen:
            previous = session.get(orm.Certificate, current.replaces_id)
            if previous is None:
                break
            seen.add(previous.id)
            current = previous
        first[certificate.id] = current.issued_on
    return first


def _why_not_valid(held: Sequence[HeldCertificate], on: date) -> str:
    issued = [h for h in held if h.validity.status is CertificateStatus.ISSUED]
    if not issued:
        h = held[0]
        return f"chỉ có giấy số {h.register_number}, {h.validity.text(on).lower()}"
    h = issued[0]
    if on < h.validity.first_issued:
        return f"có giấy số {h.register_number} nhưng được cấp sau ngày đó (ngày {format_date(h.issued_on)})"
    assert h.until is not None  # a certificate without an end is valid from its first issue on
    return (
        f"có giấy số {h.register_number}, cấp ngày {format_date(h.issued_on)}, "
        f"đã hết hiệu lực từ ngày {format_date(h.until + timedelta(days=1))}"
    )
