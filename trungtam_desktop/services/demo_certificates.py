"""The demo's certificates: issued for the finished classes whose programme gives one, as a clerk would
have issued them, with a few re-issues and voids (see :mod:`trungtam_desktop.services.demo`).

Written in bulk (the large demo holds about 75,000), under the rules the certificate service enforces:

* only a class that has ended, every buổi of it marked (the demo marks every past buổi), gets them, on an
  issue date from its last day to a few days later and never after "today"; the classes that ended in the
  last days are left for the clerk to issue (the demo's "to do");
* only the learners the domain's :func:`certificate_eligibility` accepts, in the class list's order;
* numbers gap-free in the register of the issue date's year and the programme's certificate kind, in
  the order things happened (a re-issue takes the next number of its own date's register);
* each face is built by :func:`certificate_face`, the service's own builder, with the verification code
  and QR text from the database's key;
* a re-issue (error, loss, damage, with a reason) marks the old certificate replaced, and a void carries
  a reason; both are in the audit log with their date, as the service writes them, so the periodic report
  counts them.
"""

from __future__ import annotations

import heapq
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.certificates import ReissueReason
from trungtam_desktop.domain.enums import AuditAction, CertificateKind, CertificateStatus, Grade
from trungtam_desktop.domain.vietnamese import format_birth
from trungtam_desktop.services import certificate_records as records
from trungtam_desktop.services.centre_identity import printed_centre
from trungtam_desktop.services.certificate_faces import Holder, certificate_face
from trungtam_desktop.services.certificate_queries import get_register, verification_key
from trungtam_desktop.services.demo_model import CHUNK, DemoClass, Progress, Row
from trungtam_desktop.services.signing import qr_signer

WAITING_DAYS = 10  # a class that ended this recently has not had its certificates yet
REISSUE_CHANCE = 0.006
VOID_CHANCE = 0.004
CLERK = "Giáo vụ (dữ liệu mẫu)"
SERIES = {CertificateKind.CERTIFICATE: "AA", CertificateKind.DIPLOMA: "SC"}  # the blanks' series
ERROR_DETAILS = (
    "Sai ngày sinh",
    "Sai họ tên (thiếu dấu)",
    "Sai tên đơn vị công tác",
    "Sai xếp loại do nhập điểm nhầm",
)
VOID_REASONS = (
    "Cấp nhầm do trùng hồ sơ học viên",
    "Học viên chưa hoàn thành bài thu hoạch, cấp nhầm",
    "Thu hồi theo kết luận kiểm tra của Ban Tổ chức",
)


@dataclass
class _Issued:
    id: int
    row: Row
    holder: Holder
    enrolment_id: int
    number_text: str


class _Writer:
    def __init__(self, session: Session, rng: random.Random, today: date) -> None:
        self.session, self.rng, self.today = session, rng, today
        template = records.active_template(session)
        self.version, self.show_qr = template.version, template.show_qr
        self.key, self.centre = verification_key(session), printed_centre(session)
        # signed QR codes, as the service gives (a key made on the demo's "today")
        self.qr = qr_signer(session, CLERK, datetime.combine(today, time(8)))
        self.registers: dict[tuple[int, CertificateKind], orm.CertificateRegister] = {}
        self.numbers: dict[int, int] = {}  # register id -> last number
        self.serials: dict[CertificateKind, int] = {}
        self.rows: list[Row] = []
        self.audit: list[Row] = []
        self.later: list[tuple[date, int, str, _Issued]] = []  # heap of re-issues and voids to come

    def _number(self, year: int, kind: CertificateKind) -> tuple[orm.CertificateRegister, int]:
        register = self.registers.get((year, kind))
        if register is None:
            register = self.registers[year, kind] = get_register(self.session, year, kind)
        number = self.numbers[register.id] = self.numbers.get(register.id, 0) + 1
        return register, number

    def _serial(self, kind: CertificateKind) -> str:
        count = self.serials[kind] = self.serials.get(kind, 0) + 1
        return f"{SERIES[kind]} {count:06d}"

    def issue(
        self, holder: Holder, enrolment_id: int, kind: CertificateKind, issued_on: date, note: str = ""
    ) -> _Issued:
        register, number = self._number(issued_on.year, kind)
        serial = self._serial(kind)
        face = certificate_face(
            holder,
            register=register,
            number=number,
            issued_on=issued_on,
            serial=serial,
            centre=self.centre,
            kind=kind,
            key=self.key,
            show_qr=self.show_qr,
            note=note,
            qr=self.qr,
        )
        row = {
            "id": len(self.rows) + 1,
            "register_id": register.id,
            "number": number,
            "enrolment_id": enrolment_id,
            "serial": serial,
            "issued_on": issued_on,
            "status": CertificateStatus.ISSUED.value,
            "replaces_id": None,
            "reissue_reason": "",
            "override_reason": "",
            "void_reason": "",
            "snapshot": face.to_json(),
            "template_version": self.version,
            "pdf_sha256": "",
            "verify_code": face.verify_code,
            "reprint_count": 0,
            "created_at": self._at(issued_on),
        }
        self.rows.append(row)
        issued = _Issued(row["id"], row, holder, enrolment_id, face.register_number)
        self._maybe_later(issued, issued_on, kind)
        return issued

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, time(8 + self.rng.randrange(8), self.rng.randrange(60)))

    def _maybe_later(self, issued: _Issued, issued_on: date, kind: CertificateKind) -> None:
        r = self.rng.random()
        if r < REISSUE_CHANCE:
            when, what = issued_on + timedelta(days=self.rng.randint(10, 200)), f"reissue:{kind.value}"
        elif r < REISSUE_CHANCE + VOID_CHANCE:
            when, what = issued_on + timedelta(days=self.rng.randint(3, 90)), "void"
        else:
            return
        if when < self.today:
            heapq.heappush(self.later, (when, issued.id, what, issued))

    def run_later(self, until: date | None) -> None:
        """The re-issues and voids dated before ``until`` (all of them when None)."""
        while self.later and (until is None or self.later[0][0] < until):
            when, _id, what, old = heapq.heappop(self.later)
            if what == "void":
                self._void(old, when)
            else:
                self._reissue(old, when, CertificateKind(what.split(":", 1)[1]))

    def _void(self, old: _Issued, when: date) -> None:
        reason = self.rng.choice(VOID_REASONS)
        old.row.update(status=CertificateStatus.VOID.value, void_reason=reason)
        changes = {"trang_thai": [CertificateStatus.ISSUED.value, CertificateStatus.VOID.value]}
        summary = f"Hủy giấy chứng nhận số {old.number_text}: {reason}"
        self._log(old.id, AuditAction.VOID, changes, summary, when)

    def _reissue(self, old: _Issued, when: date, kind: CertificateKind) -> None:
        reason = self.rng.choice(list(ReissueReason))
        text = reason.label
        if reason is ReissueReason.ERROR:
            text = f"{reason.label}: {self.rng.choice(ERROR_DETAILS)}"
        old.row["status"] = CertificateStatus.REPLACED.value
        new = self.issue(
            old.holder,
            old.enrolment_id,
            kind,
            when,
            note=f"Cấp lại, thay thế giấy chứng nhận số {old.number_text}",
        )
        new.row.update(replaces_id=old.id, reissue_reason=text)
        summary = f"Cấp lại giấy số {new.number_text} thay số {old.number_text}: {text}"
        self._log(new.id, AuditAction.REISSUE, {"thay_so": old.number_text}, summary, when)
        replaced = {"trang_thai": [CertificateStatus.ISSUED.value, CertificateStatus.REPLACED.value]}
        summary = f"Giấy số {old.number_text} được thay bằng số {new.number_text}"
        self._log(old.id, AuditAction.UPDATE, replaced, summary, when)

    def _log(
        self, entity_id: int, action: AuditAction, changes: dict[str, object], summary: str, day: date
    ) -> None:
        self.audit.append(
            {
                "at": self._at(day),
                "user": CLERK,
                "entity": "certificate",
                "entity_id": entity_id,
                "action": action.value,
                "changes": json.dumps(changes, ensure_ascii=False),
                "summary": summary,
                "batch_id": None,
            }
        )


def write_certificates(
    session: Session,
    classes: Sequence[DemoClass],
    learners: Mapping[int, Row],
    rng: random.Random,
    today: date,
    progress: Progress,
) -> int:
    """Issue the demo's certificates (see the module's text); returns how many rows were written."""
    writer = _Writer(session, rng, today)
    batches = []
    for c in classes:
        if c.programme.kind == CertificateKind.NONE.value or not c.certified:
            continue
        if c.end >= today - timedelta(days=WAITING_DAYS):
            continue
        issued_on = min(c.end + timedelta(days=rng.choice((0, 0, 1, 2, 3, 5, 7))), today)
        batches.append((issued_on, c.id, c))
    batches.sort(key=lambda batch: (batch[0], batch[1]))
    for index, (issued_on, _id, c) in enumerate(batches):
        if index % 200 == 0:
            progress("Giấy chứng nhận", index, len(batches))
        writer.run_later(issued_on)
        kind = CertificateKind(c.programme.kind)
        graded = bool(c.programme.components)
        for enrolment_id, learner_id, grade in sorted(c.certified, key=lambda e: learners[e[1]]["sort_key"]):
            learner = learners[learner_id]
            holder = Holder(
                learner["full_name"],
                format_birth(learner["birth_date"], learner["birth_year"]),
                learner["unit"],
                c.programme.name,
                c.row["code"],
                c.row["name"],
                c.start,
                c.end,
                Grade(grade).label if graded and grade else "",
            )
            writer.issue(holder, enrolment_id, kind, issued_on)
    writer.run_later(None)
    progress("Giấy chứng nhận", len(batches), len(batches))
    conn = session.connection()
    for start in range(0, len(writer.rows), CHUNK):
        conn.execute(insert(orm.Certificate.__table__), writer.rows[start : start + CHUNK])  # type: ignore[arg-type]
    if writer.audit:
        conn.execute(insert(orm.AuditLog.__table__), writer.audit)  # type: ignore[arg-type]
    return len(writer.rows)
