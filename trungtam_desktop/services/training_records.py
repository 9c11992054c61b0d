"""Training records (quá trình đào tạo, bồi dưỡng) of one learner or a list: for the national cadre
database (XLSX) and as the Party-format "Quá trình bồi dưỡng" (PDF); the rules are in
:mod:`trungtam_desktop.domain.training_record`.

A list is given as learner ids (the selected learner), CCCD numbers (pasted, or read from a list file with
the import's reading), or a chi bộ (every learner whose chi bộ contains the text, tone marks and case
ignored). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.certificate_layout import CertificateFace
from trungtam_desktop.domain.class_state import ENDED_STATUSES
from trungtam_desktop.domain.enums import (
    CertificateKind,
    CertificateStatus,
    ClassMode,
    EnrolmentStatus,
    Gender,
    Grade,
    ProgrammeKind,
)
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.learner_sheet import find_header, read_rows
from trungtam_desktop.domain.organisation import centre_title
from trungtam_desktop.domain.sheet_columns import CCCD
from trungtam_desktop.domain.training_record import (
    COMPLETED,
    RecordSet,
    TrainingLine,
    TrainingRecord,
    cccds_in_text,
    check_cccds,
    kind_columns,
)
from trungtam_desktop.domain.vietnamese import fold, format_birth, person_sort_key
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_queries import number_text
from trungtam_desktop.services.sheet_files import read_sheet

MAX_PEOPLE = 5000


class TrainingRecordService(Service):
    # -- choosing the people -----------------------------------------------------------------------------
    def for_learners(self, learner_ids: Sequence[int]) -> RecordSet:
        with self._read() as session:
            return RecordSet(tuple(self._records(session, list(learner_ids))))

    def for_cccds(self, values: Sequence[str], refused: Sequence[str] = ()) -> RecordSet:
        """The records of the learners with these CCCD numbers; unknown numbers are listed."""
        cccds, bad = check_cccds(list(values))
        if len(cccds) > MAX_PEOPLE:
            raise ValidationError("cccd", f"Danh sách quá dài (tối đa {MAX_PEOPLE} người một lần).")
        with self._read() as session:
            ids_by_cccd = dict(
                session.execute(
                    select(orm.Learner.cccd, orm.Learner.id).where(orm.Learner.cccd.in_(cccds))
                ).all()
            )
            ids = [ids_by_cccd[c] for c in cccds if c in ids_by_cccd]
            records = self._records(session, ids, keep_order=True)
        missing = tuple(c for c in cccds if c not in ids_by_cccd)
        return RecordSet(tuple(records), missing, (*refused, *bad))

    def for_pasted(self, text: str) -> RecordSet:
        """From a list pasted from Excel or typed: one person a line, the CCCD in any column."""
        cccds, refused = cccds_in_text(text)
        if not cccds:
            raise ValidationError("cccd", "Danh sách dán vào không có số CCCD nào (12 chữ số).")
        return self.for_cccds(cccds, refused)

    def for_file(self, path: Path) -> RecordSet:
        """From a learner list file (.xlsx or .csv) read as the import reads it; it needs a CCCD column."""
        raw = read_sheet(Path(path))
        layout = find_header(raw.rows)
        if CCCD not in layout.columns:
            raise ValidationError("file", f"Tệp {Path(path).name} không có cột số CCCD.")
        reading = read_rows(raw.rows, layout, self._ctx.today(), hidden=raw.hidden)
        cccds, refused = [], []
        for row in reading.rows:
            if row.learner is not None and row.learner.cccd:
                cccds.append(row.learner.cccd)
            elif row.error:
                refused.append(row.error)
            else:
                refused.append(f"Dòng {row.number}: {row.full_name or 'không có tên'} không có số CCCD.")
        if not cccds:
            raise ValidationError("file", f"Tệp {Path(path).name} không có số CCCD nào đọc được.")
        return self.for_cccds(cccds, refused)

    def for_party_cell(self, text: str) -> RecordSet:
        """Every learner (archived ones too) whose chi bộ contains ``text`` (tone marks, case ignored)."""
        wanted = fold(text)
        if len(wanted) < 3:
            raise ValidationError("party_cell", "Gõ tên chi bộ (ít nhất 3 chữ cái).")
        with self._read() as session:
            rows = session.execute(
                select(orm.Learner.id, orm.Learner.party_cell).where(orm.Learner.party_cell != "")
            ).all()
            ids = [learner_id for learner_id, cell in rows if wanted in fold(cell)]
            if len(ids) > MAX_PEOPLE:
                raise ValidationError("party_cell", f"Quá nhiều người (tối đa {MAX_PEOPLE} một lần).")
            return RecordSet(tuple(self._records(session, ids)))

    # -- documents ------------------------------------------------------------------------------------------
    def workbook(self, records: RecordSet) -> bytes:
        """The XLSX for the national cadre database (see documents/training_record.py for its columns)."""
        from trungtam_desktop.documents.training_record import training_workbook

        with self._read() as session:
            centre = printed_centre(session)
        return training_workbook(
            records, centre_title(centre.centre_name, centre.place_name), self._ctx.today()
        )

    def pdf(self, records: RecordSet) -> bytes:
        """ "Quá trình bồi dưỡng" in the Party format, one document per person."""
        from trungtam_desktop.documents.training_record import TrainingRecordRenderer

        with self._read() as session:
            centre = printed_centre(session)
        return TrainingRecordRenderer(centre).render(records, self._ctx.today())

    # -- the records ----------------------------------------------------------------------------------------
    def _records(self, session: Session, ids: list[int], *, keep_order: bool = False) -> list[TrainingRecord]:
        if not ids:
            return []
        centre = printed_centre(session)
        here = centre_title(centre.centre_name, centre.place_name)
        learners = {r.id: r for r in session.scalars(select(orm.Learner).where(orm.Learner.id.in_(ids)))}
        completed = (
            select(orm.Enrolment, orm.TrainingClass, orm.Programme)
            .join(orm.TrainingClass, orm.Enrolment.class_id == orm.TrainingClass.id)
            .join(orm.Programme, orm.TrainingClass.programme_id == orm.Programme.id)
            .where(
                orm.Enrolment.learner_id.in_(ids),
                orm.Enrolment.status != EnrolmentStatus.WITHDRAWN.value,
                orm.TrainingClass.status.in_([s.value for s in ENDED_STATUSES]),
                orm.Enrolment.passed.is_not(False),
            )
            .order_by(orm.TrainingClass.start_date, orm.TrainingClass.code)
        )
        rows = session.execute(completed).all()
        certificates = _certificates(session, [e.id for e, _k, _p in rows])
        lines: dict[int, list[TrainingLine]] = {i: [] for i in ids}
        for enrolment, klass, programme in rows:
            category, field, level = kind_columns(ProgrammeKind(programme.kind))
            certificate = certificates.get(enrolment.id)
            kind_label = number = ""
            issued: date | None = None
            institution = here
            if certificate is not None:
                row, register, face = certificate
                kind_label = CertificateKind(register.kind).label
                number, issued = number_text(register, row.number), row.issued_on
                institution = _institution(face) or here
            lines[enrolment.learner_id].append(
                TrainingLine(
                    category=category,
                    field=field,
                    programme=programme.name,
                    class_name=klass.name,
                    level=level,
                    institution=institution,
                    start=klass.start_date,
                    end=klass.end_date,
                    mode=ClassMode(klass.mode).label,
                    result=Grade(enrolment.grade).label if enrolment.grade else COMPLETED,
                    certificate_kind=kind_label,
                    certificate_number=number,
                    certificate_date=issued,
                )
            )
        order = (
            ids
            if keep_order
            else sorted(
                learners,
                key=lambda i: person_sort_key(
                    learners[i].full_name, learners[i].birth_date, learners[i].birth_year
                ),
            )
        )
        records = []
        for learner_id in order:
            learner = learners.get(learner_id)
            if learner is None:
                continue
            records.append(
                TrainingRecord(
                    learner.id,
                    learner.full_name,
                    format_birth(learner.birth_date, learner.birth_year),
                    learner.cccd or "",
                    Gender(learner.gender).label if learner.gender else "",
                    learner.position,
                    learner.unit,
                    learner.party_cell,
                    learner.commune,
                    tuple(lines[learner_id]),
                )
            )
        return records


def _certificates(
    session: Session, enrolment_ids: list[int]
) -> dict[int, tuple[orm.Certificate, orm.CertificateRegister, CertificateFace | None]]:
    """The valid certificate of each enrolment (if any), with its register and stored face."""
    if not enrolment_ids:
        return {}
    found = {}
    rows = session.execute(
        select(orm.Certificate, orm.CertificateRegister)
        .join(orm.CertificateRegister, orm.Certificate.register_id == orm.CertificateRegister.id)
        .where(
            orm.Certificate.enrolment_id.in_(enrolment_ids),
            orm.Certificate.status == CertificateStatus.ISSUED.value,
        )
    ).all()
    for certificate, register in rows:
        try:
            face: CertificateFace | None = CertificateFace.from_json(certificate.snapshot)
        except (ValueError, TypeError, KeyError):
            face = None
        found[certificate.enrolment_id] = (certificate, register, face)
    return found


def _institution(face: CertificateFace | None) -> str:
    """The centre as its certificate names it: "GIÁM ĐỐC TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG CHỨNG NHẬN" ->
    "TRUNG TÂM CHÍNH TRỊ ĐỨC TRỌNG" (the line :func:`certifier_line` writes); "" when it cannot tell."""
    if face is None:
        return ""
    text = face.certifier.strip()
    start = text.find("TRUNG TÂM")
    if start < 0:
        return ""
    text = text[start:]
    return text.removesuffix(" CHỨNG NHẬN").strip()
