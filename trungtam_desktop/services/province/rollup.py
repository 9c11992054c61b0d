"""The province's roll-up: many centres' packages checked, read and added up (:mod:`domain.rollup`).

Needs no database and no data folder. Each package is checked (:func:`package_format.open_package`); one
that is tampered with, unsigned, signed by a key the province does not hold, for another period or counting
basis, or a second package of a centre for the same period, is refused with its reason and left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.organisation import CommuneLine
from trungtam_desktop.domain.reports import (
    NOT_GRADED_LABEL,
    WAITING_LABEL,
    CertificateCounts,
    ClassBasis,
    CountLine,
    Period,
    ProgrammeLine,
    period_title,
)
from trungtam_desktop.domain.rollup import CentreReport, Refusal, Rollup
from trungtam_desktop.domain.signatures import TrustedKey, parse_key_line
from trungtam_desktop.domain.vietnamese import fold
from trungtam_desktop.services.province.package_format import OpenedPackage, PackageRefused, open_package

MAX_PACKAGE_BYTES = 100_000_000


def read_keys(paths: Sequence[Path]) -> dict[str, TrustedKey]:
    """The trusted keys (by key id) from keys files, or folders of them (``*.txt``, ``*.ttkey``)."""
    keys: dict[str, TrustedKey] = {}
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.casefold() in (".txt", ".ttkey"))
        else:
            files.append(path)
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise DomainError(f"Không đọc được tệp khóa {file}: {exc.strerror or exc}.") from None
        except UnicodeDecodeError:
            raise DomainError(f"Tệp khóa {file} không phải văn bản UTF-8.") from None
        for number, line in enumerate(text.splitlines(), start=1):
            key = parse_key_line(line, f"Tệp khóa {file.name}, dòng {number}")
            if key is not None:
                keys.setdefault(key.key_id, key)
    if not keys:
        raise DomainError("Danh sách khóa (--keys) không có khóa nào của trung tâm.")
    return keys


def roll_up(
    files: Sequence[Path],
    keys: Mapping[str, TrustedKey],
    year: int,
    period: Period,
    basis: ClassBasis = ClassBasis.END,
) -> Rollup:
    """Check every package and add up those accepted (in the order given; a repeat is refused)."""
    accepted: list[CentreReport] = []
    refused: list[Refusal] = []
    seen_files: dict[str, str] = {}
    seen_centres: dict[str, str] = {}
    wanted = period_title(year, period)
    for path in files:
        name = path.name
        try:
            data = _read(path)
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen_files:
                raise PackageRefused(f"trùng với tệp {seen_files[digest]} (cùng một gói gửi hai lần).")
            package = open_package(data, keys)
            got_year, got_period, got_basis = package.period
            if (got_year, got_period) != (year, period.value):
                raise PackageRefused(
                    f"gói là báo cáo {_period_text(got_year, got_period)}, không phải {wanted}."
                )
            if got_basis != basis.value:
                raise PackageRefused(
                    "gói xếp lớp vào kỳ theo ngày "
                    + ("khai giảng" if got_basis == ClassBasis.START.value else "kết thúc")
                    + ", khác cách tổng hợp này: hãy đề nghị trung tâm lập lại gói."
                )
            # One package per centre: by its key, and by its name (a centre that made a new key).
            marks = {package.key.key_id, fold(package.centre)} - {""}
            earlier = next((seen_centres[m] for m in marks if m in seen_centres), None)
            if earlier is not None:
                raise PackageRefused(f"trùng: đã có gói {wanted} của {package.centre} (tệp {earlier}).")
            report = _centre_report(name, package)
        except PackageRefused as exc:
            refused.append(Refusal(name, exc.message))
            continue
        seen_files[digest] = name
        seen_centres.update(dict.fromkeys(marks, name))
        accepted.append(report)
    accepted.sort(key=lambda c: (fold(c.centre), c.file))
    return Rollup(year, period, basis, tuple(accepted), tuple(refused))


def _period_text(year: int, code: str) -> str:
    try:
        return period_title(year, Period(code))
    except ValueError:
        return f"kỳ “{code}” năm {year}"


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise PackageRefused("tệp quá lớn, không phải gói báo cáo.")
        return path.read_bytes()
    except OSError as exc:
        raise PackageRefused(f"không đọc được tệp: {exc.strerror or exc}.") from None


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def _line(label: str, item: Mapping[str, Any]) -> ProgrammeLine:
    return ProgrammeLine(
        label,
        *(
            _count(item[k])
            for k in ("classes", "places", "classes_ytd", "places_ytd", "planned_classes", "planned_places")
        ),
    )


def _centre_report(file: str, package: OpenedPackage) -> CentreReport:
    """The figures of an accepted package; a package whose figures do not read is refused."""
    f = package.figures
    try:
        programmes = tuple((str(p.get("kind", "")), _line(str(p["programme"]), p)) for p in f["programmes"])
        total = _line("Tổng cộng", f["totals"])
        certificates = package.certificates["totals"]
        communes = f.get("communes") or {"lines": []}
        return CentreReport(
            file=file,
            centre=package.centre,
            fingerprint=package.key.fingerprint,
            created=str(package.manifest.get("created", "")),
            programmes=programmes,
            total=total,
            people=_count(f["totals"]["people"]),
            composition=tuple(
                CountLine(str(c["group"]), str(c["label"]), _count(c["places"]), _count(c["people"]))
                for c in f["composition"]
            ),
            # the places with a grade, then those of graded programmes still waiting and those never graded:
            # counts side by side (the roll-up computes no share, so nothing is taken over the wrong total)
            grades=(
                *((str(g["grade"]), _count(g["places"])) for g in f["grades"]),
                (WAITING_LABEL, _count(f["waiting"])),
                (NOT_GRADED_LABEL, _count(f["not_graded"])),
            ),
            not_passed=_count(f["not_passed"]),
            certificates=CertificateCounts(
                _count(certificates["issued"]),
                _count(certificates["reissued"]),
                _count(certificates["voided"]),
            ),
            communes=tuple(
                CommuneLine(
                    str(x["commune"]),
                    None if x["classes"] is None else _count(x["classes"]),
                    None if x["places"] is None else _count(x["places"]),
                    str(x.get("note", "")),
                    bool(x.get("served", True)),
                )
                for x in communes["lines"]
            ),
            classes=tuple(dict(c) for c in package.classes),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise PackageRefused(
            "số liệu trong gói không đọc được (gói của phiên bản chương trình khác?)."
        ) from None
