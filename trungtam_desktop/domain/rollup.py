"""The province's roll-up of the centres' reports: per centre and in total (see
:mod:`trungtam_desktop.services.province.rollup` for how packages are checked and read).

Each centre's figures are its own report's; the roll-up adds them, so every total equals the sum of the
centres' reports. Percentages of the plan are recomputed from the sums (:class:`ProgrammeLine`). People
(người) are added too, though one person may have studied at two centres.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from trungtam_desktop.domain.enums import ProgrammeKind
from trungtam_desktop.domain.organisation import CommuneLine
from trungtam_desktop.domain.reports import (
    CertificateCounts,
    ClassBasis,
    CountLine,
    Period,
    ProgrammeLine,
    period_range,
    period_title,
    sum_lines,
)

OTHER_KIND = "Chương trình khác"


@dataclass(frozen=True)
class Refusal:
    file: str
    reason: str


@dataclass(frozen=True)
class CentreReport:
    """One accepted package, read into the report's own figures."""

    file: str
    centre: str
    fingerprint: str
    created: str
    programmes: tuple[tuple[str, ProgrammeLine], ...]  # (kind code or "", line)
    total: ProgrammeLine
    people: int
    composition: tuple[CountLine, ...]
    grades: tuple[tuple[str, int], ...]
    not_passed: int
    certificates: CertificateCounts
    communes: tuple[CommuneLine, ...]
    classes: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Rollup:
    year: int
    period: Period
    basis: ClassBasis
    centres: tuple[CentreReport, ...]
    refused: tuple[Refusal, ...]

    @property
    def title(self) -> str:
        return period_title(self.year, self.period)

    @property
    def dates(self) -> tuple[date, date]:
        return period_range(self.year, self.period)

    def total(self) -> ProgrammeLine:
        return sum_lines("Tổng cộng", [c.total for c in self.centres])

    @property
    def people(self) -> int:
        return sum(c.people for c in self.centres)

    @property
    def not_passed(self) -> int:
        return sum(c.not_passed for c in self.centres)

    def by_kind(self) -> list[ProgrammeLine]:
        """One line per programme kind (in the seeded order), then programmes of no known kind."""
        order = [k.value for k in ProgrammeKind] + [""]
        lines = []
        for kind in order:
            parts = [
                line for c in self.centres for k, line in c.programmes if (k if k in order else "") == kind
            ]
            if parts:
                label = ProgrammeKind(kind).label if kind else OTHER_KIND
                lines.append(sum_lines(label, parts))
        return lines

    def composition(self) -> list[CountLine]:
        totals: dict[tuple[str, str], list[int]] = {}
        for centre in self.centres:
            for line in centre.composition:
                entry = totals.setdefault((line.group, line.label), [0, 0])
                entry[0] += line.places
                entry[1] += line.people
        return [CountLine(group, label, p, n) for (group, label), (p, n) in totals.items()]

    def grades(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for centre in self.centres:
            for label, count in centre.grades:
                totals[label] = totals.get(label, 0) + count
        return list(totals.items())

    def certificates(self) -> CertificateCounts:
        return CertificateCounts(
            sum(c.certificates.issued for c in self.centres),
            sum(c.certificates.reissued for c in self.centres),
            sum(c.certificates.voided for c in self.centres),
        )
