"""Checking and writing what the settings dialog changed — plain Python, no Qt, testable alone.

One click on Lưu is one save: ``check`` runs every domain validator on every changed part first, so a bad
value on any page means nothing at all is written; only then ``write`` calls the services, one transaction
each. Programmes go first because they are the only writes that can still be refused after validation
(a removed assessment component that already has scores); the centre and the quotas follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trungtam_desktop.domain.errors import DomainError, ValidationError
from trungtam_desktop.domain.models import CentreIdentity, Programme
from trungtam_desktop.domain.validation import validate_centre, validate_programme
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.services.settings import (
    Quota,
    Rate,
    SettingsService,
    validate_quotas,
    validate_rates,
)

CENTRE, PROGRAMMES, QUOTAS = "centre", "programmes", "quotas"


@dataclass(frozen=True)
class Pending:
    """The changed parts; ``None`` / empty means that part is unchanged and is not written."""

    centre: CentreIdentity | None = None
    programmes: tuple[tuple[int, Programme], ...] = ()  # (key in the page, draft)
    quotas_and_rates: tuple[tuple[Quota, ...], tuple[Rate, ...]] | None = None

    @property
    def is_empty(self) -> bool:
        return self.centre is None and not self.programmes and self.quotas_and_rates is None


class SettingsProblem(Exception):
    """A refused change, with the page (and programme key) it belongs to."""

    def __init__(self, page: str, error: DomainError, key: int | None = None) -> None:
        super().__init__(error.message)
        self.page, self.error, self.key = page, error, key

    @property
    def field(self) -> str:
        return self.error.field if isinstance(self.error, ValidationError) else ""

    @property
    def message(self) -> str:
        return self.error.message


def check(pending: Pending, all_programmes: list[Programme]) -> None:
    """Validate every changed part; raise SettingsProblem for the first refused value."""
    if pending.centre is not None:
        try:
            validate_centre(pending.centre)
        except ValidationError as exc:
            raise SettingsProblem(CENTRE, exc) from exc
    for key, draft in pending.programmes:
        try:
            cleaned = validate_programme(draft)
        except ValidationError as exc:
            raise SettingsProblem(PROGRAMMES, exc, key) from exc
        _check_code_unique(key, cleaned, all_programmes)
    if pending.quotas_and_rates is not None:
        quotas, rates = pending.quotas_and_rates
        try:
            validate_quotas(list(quotas))
            validate_rates(list(rates))
        except ValidationError as exc:
            raise SettingsProblem(QUOTAS, exc) from exc


def _check_code_unique(key: int, cleaned: Programme, all_programmes: list[Programme]) -> None:
    """Two drafts with one code would leave the save half done (the service refuses the second)."""
    same = [p for p in all_programmes if p.code.strip() == cleaned.code]
    if len(same) > 1:
        error = ValidationError(
            "code", f"Mã chương trình “{cleaned.code}” đã được dùng cho chương trình khác."
        )
        raise SettingsProblem(PROGRAMMES, error, key)


def write(
    pending: Pending,
    settings: SettingsService,
    programmes: ProgrammeService,
    on_saved: Callable[[str, int | None, object], None],
) -> None:
    """Call the services; ``on_saved(page, key, saved)`` after each write so the pages can rebase.

    A DomainError is raised as SettingsProblem; anything else propagates (it is a bug, shown and logged)."""
    for key, draft in pending.programmes:
        try:
            saved = programmes.update(draft) if draft.id is not None else programmes.create(draft)
        except DomainError as exc:
            raise SettingsProblem(PROGRAMMES, exc, key) from exc
        on_saved(PROGRAMMES, key, saved)
    if pending.centre is not None:
        try:
            identity = settings.save_centre(pending.centre)
        except DomainError as exc:
            raise SettingsProblem(CENTRE, exc) from exc
        on_saved(CENTRE, None, identity)
    if pending.quotas_and_rates is not None:
        quotas, rates = pending.quotas_and_rates
        try:
            settings.save_quotas_and_rates(list(quotas), list(rates))
        except DomainError as exc:
            raise SettingsProblem(QUOTAS, exc) from exc
        on_saved(QUOTAS, None, (quotas, rates))
