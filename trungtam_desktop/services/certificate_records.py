"""What the certificate service hands out: issue plans, certificate lines, lookups; and the template store.

Templates live in the ``app_setting`` table under ``certificate_templates``: every saved version is kept
(an issued certificate names the version it was printed with, and a reprint uses that version), and one is
active. Printer offsets live under ``printer_offsets`` by printer name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.certificate_layout import CertificateTemplate, default_template
from trungtam_desktop.domain.certificates import DEFAULT_REGISTER_FORMAT, format_number
from trungtam_desktop.domain.enums import CertificateStatus
from trungtam_desktop.domain.errors import NotFoundError
from trungtam_desktop.domain.issuing import Readiness

TEMPLATES_KEY = "certificate_templates"
OFFSETS_KEY = "printer_offsets"
KEY_SETTING = "certificate_key"


@dataclass(frozen=True)
class IssueCandidate:
    """One learner of the class, as the issue preview shows them."""

    enrolment_id: int
    learner_id: int
    full_name: str
    birth: str
    grade: str  # "" when not graded or no result yet
    eligible: bool
    reasons: tuple[str, ...]  # why not eligible (Vietnamese)
    existing: str = ""  # the register number of a certificate already issued for this enrolment

    @property
    def will_issue(self) -> bool:
        return self.eligible and not self.existing

    @property
    def why_not(self) -> str:
        if self.existing:
            return f"Đã được cấp giấy số {self.existing}"
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class IssuePlan:
    """Who gets a certificate when the clerk issues for a class, who does not and why."""

    class_id: int
    class_code: str
    kind_label: str  # "Giấy chứng nhận"
    year: int
    next_number: int  # the first number the issue would take
    candidates: tuple[IssueCandidate, ...]
    readiness: Readiness  # has the class ended, is every buổi marked; the dates allowed
    number_format: str = DEFAULT_REGISTER_FORMAT  # the register's ("{number}/{year}")

    def numbers_text(self, count: int) -> str:
        """The register numbers ``count`` certificates would take: "số 1–67/2024" ("số 5/2024" for one)."""
        first, last = self.next_number, self.next_number + count - 1
        if self.number_format == DEFAULT_REGISTER_FORMAT:
            return f"số {first}/{self.year}" if count == 1 else f"số {first}–{last}/{self.year}"
        one, other = (format_number(self.number_format, n, self.year) for n in (first, last))
        return f"số {one}" if count == 1 else f"số {one} đến {other}"

    @property
    def to_issue(self) -> tuple[IssueCandidate, ...]:
        return tuple(c for c in self.candidates if c.will_issue)


@dataclass(frozen=True)
class CertificateLine:
    """An issued certificate as listed in the program."""

    id: int
    register_number: str
    number: int
    year: int
    enrolment_id: int
    learner_id: int
    full_name: str
    birth: str
    class_id: int
    class_code: str
    class_name: str
    serial: str
    issued_on: date
    status: CertificateStatus
    reprint_count: int
    verify_code: str
    template_version: str
    replaces: str = ""  # register number of the certificate this one replaced
    replaced_by: str = ""  # register number of the one that replaced it
    reason: str = ""  # re-issue, void or override reason, whichever applies

    @property
    def status_text(self) -> str:
        if self.status is CertificateStatus.VOID:
            return f"Đã hủy ({self.reason})" if self.reason else "Đã hủy"
        if self.status is CertificateStatus.REPLACED:
            return f"Đã được cấp lại bằng số {self.replaced_by}" if self.replaced_by else "Đã được cấp lại"
        text = "Đã cấp"
        if self.replaces:
            text += f" lại (thay số {self.replaces})"
        if self.reprint_count:
            text += f" · in lại {self.reprint_count} lần"
        return text


@dataclass(frozen=True)
class Verification:
    """The answer of the lookup dialog."""

    genuine: bool
    message: str  # Vietnamese, for the clerk
    certificate: CertificateLine | None = None


def template_store(session: Session) -> dict[str, object]:
    """Every stored template version (as JSON) and the active one's; the default before any was saved."""
    row = session.get(orm.AppSetting, TEMPLATES_KEY)
    if row is None:
        template = default_template()
        return {"active": template.version, "versions": {template.version: template.to_json()}}
    store: dict[str, object] = json.loads(row.value)
    return store


def _save_store(session: Session, store: dict[str, object]) -> None:
    encoded = json.dumps(store, ensure_ascii=False, sort_keys=True)
    row = session.get(orm.AppSetting, TEMPLATES_KEY)
    if row is None:
        session.add(orm.AppSetting(key=TEMPLATES_KEY, value=encoded))
    else:
        row.value = encoded


def active_template(session: Session) -> CertificateTemplate:
    store = template_store(session)
    return template_version(session, str(store["active"]), store)


def template_version(
    session: Session, version: str, store: dict[str, object] | None = None
) -> CertificateTemplate:
    """One stored version (only that one is decoded); certificates issued before templates were
    versioned print with the first one."""
    versions = (store or template_store(session))["versions"]
    assert isinstance(versions, dict)
    text = versions.get(version) or versions.get("1")
    return CertificateTemplate.from_json(text) if text else default_template()


def store_template(session: Session, template: CertificateTemplate) -> CertificateTemplate:
    """Keep ``template`` as a new version and make it the active one; returns it with its version."""
    store = template_store(session)
    versions = store["versions"]
    assert isinstance(versions, dict)
    number = max((int(v) for v in versions if v.isdigit()), default=0) + 1
    saved = replace(template, version=str(number))
    versions[saved.version] = saved.to_json()
    store["active"] = saved.version
    _save_store(session, store)
    return saved


def printer_offsets(session: Session) -> dict[str, tuple[float, float]]:
    row = session.get(orm.AppSetting, OFFSETS_KEY)
    data = json.loads(row.value) if row else {}
    return {name: (float(x), float(y)) for name, (x, y) in data.items()}


def store_printer_offset(session: Session, printer: str, x_mm: float, y_mm: float) -> None:
    offsets = printer_offsets(session)
    offsets[printer] = (round(x_mm, 1), round(y_mm, 1))
    encoded = json.dumps({k: list(v) for k, v in offsets.items()}, ensure_ascii=False, sort_keys=True)
    row = session.get(orm.AppSetting, OFFSETS_KEY)
    if row is None:
        session.add(orm.AppSetting(key=OFFSETS_KEY, value=encoded))
    else:
        row.value = encoded


def certificate_row(session: Session, certificate_id: int) -> orm.Certificate:
    row = session.get(orm.Certificate, certificate_id)
    if row is None:
        raise NotFoundError(f"Không tìm thấy giấy chứng nhận (mã {certificate_id}).")
    return row
