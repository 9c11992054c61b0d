"""The goals of the benchmark figures, in one place, and how a figure is printed beside its goal.

Each goal comes from the issue that set it (named beside it). A goal is written in its own unit; a figure
in seconds is compared with a goal in milliseconds and the other way round. Derived figures (ratios of two
printed figures) are computed here, so that they can be given for an older checkout too, whose benchmark
modules did not print them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    op: str  # "<=" or ">="
    value: float
    unit: str
    source: str  # the issue that set it

    def met(self, value: float, unit: str) -> bool | None:
        """Is ``value`` (in ``unit``) within the goal? None when the units cannot be compared."""
        scale = _SCALE.get((unit, self.unit), 1.0 if unit == self.unit else None)
        if scale is None:
            return None
        value *= scale
        return value <= self.value + 1e-9 if self.op == "<=" else value >= self.value - 1e-9

    def __str__(self) -> str:
        sign = "≤" if self.op == "<=" else "≥"
        return f"{sign} {self.value:g} {self.unit}"


_SCALE = {("ms", "s"): 0.001, ("s", "ms"): 1000.0}

GOALS: dict[str, Goal] = {
    # Issue 17, "Speed where the clerk waits".
    "seed_large_seconds": Goal("<=", 30, "s", "issue 17"),
    "certificate_first_print_500": Goal("<=", 3, "s", "issue 17"),
    "certificates_whole_qr_vs_no_qr_ratio": Goal("<=", 1.5, "x", "issue 17"),
    "certificates_whole_ratio": Goal("<=", 1.2, "x", "issue 17"),
    "startup_main_window_shown": Goal("<=", 0.5, "s", "issue 17"),
    "startup_ratio_to_bare_window": Goal("<=", 4, "x", "issue 17"),
    # Earlier issues, as their benchmark modules state them.
    "certificates_whole_pdf_size": Goal("<=", 3, "MB", "Certificates"),
    "certificate_issue_500": Goal("<=", 2, "s", "Certificates"),
    "learner_search_median": Goal("<=", 30, "ms", "Foundation"),
    "learner_search_p95": Goal("<=", 60, "ms", "Foundation"),
    "backup_seconds": Goal("<=", 5, "s", "Backup"),
    "restore_seconds": Goal("<=", 5, "s", "Backup"),
    "round_trip_identical": Goal(">=", 1, "bool", "Backup"),
    "class_open_120x12": Goal("<=", 200, "ms", "Class work"),
    "attendance_sheet_120x12": Goal("<=", 0.5, "s", "Class work"),
    "import_dry_run_5000": Goal("<=", 5, "s", "Import and export"),
    "import_apply_5000": Goal("<=", 8, "s", "Import and export"),
    "report_annual_figures": Goal("<=", 1000, "ms", "Reports"),
    "report_annual_pdf": Goal("<=", 1000, "ms", "Reports"),
    "report_annual_xlsx": Goal("<=", 1000, "ms", "Reports"),
    "learner_search_typing_median": Goal("<=", 80, "ms", "Main window"),
    "peak_memory_all_tabs": Goal("<=", 350, "MB", "Main window"),
}

# name -> (numerator, denominator): ratios of two figures of the same run.
DERIVED = {
    "certificates_whole_qr_vs_no_qr_ratio": ("certificates_whole_qr_1000", "certificates_whole_1000"),
}

Figure = tuple[str, float, str]
_LINE = re.compile(r"^(?P<name>\w+): (?P<value>-?[\d.]+) (?P<unit>\S+)")


def verdict(name: str, value: float, unit: str) -> str:
    """ "goal ≤ 3 s: met" (or "NOT met"); "" for a figure without a goal."""
    goal = GOALS.get(name)
    if goal is None:
        return ""
    met = goal.met(value, unit)
    return f"goal {goal}: " + ("?" if met is None else "met" if met else "NOT met")


def format_value(value: float | int, unit: str) -> str:
    """Three significant digits at most ("0.585 s", "27.4 s", "1234 ms"); whole numbers as they are."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value)} {unit}"
    size = abs(value)
    text = f"{value:.0f}" if size >= 100 else f"{value:.1f}" if size >= 10 else f"{value:.3f}".rstrip("0")
    return f"{text} {unit}"


def line(name: str, value: float | int, unit: str) -> str:
    """One figure as the runner prints it: ``name: value unit``, then its goal and whether it is met."""
    text = f"{name}: {format_value(value, unit)}"
    judged = verdict(name, float(value), unit)
    return f"{text}   {judged}" if judged else text


def derived(figures: dict[str, tuple[float, str]]) -> list[Figure]:
    """The derived figures that can be computed from ``figures`` (name -> (value, unit)) and that they do
    not already give (a benchmark module may measure one better, in pairs)."""
    out = []
    for name, (top, bottom) in DERIVED.items():
        if name not in figures and top in figures and bottom in figures and figures[bottom][0]:
            out.append((name, round(figures[top][0] / figures[bottom][0], 2), "x"))
    return out


def parse(text: str) -> dict[str, tuple[float, str]]:
    """The figures printed by a runner (any version of it): name -> (value, unit)."""
    found = {}
    for raw in text.splitlines():
        match = _LINE.match(raw)
        if match:
            found[match["name"]] = (float(match["value"]), match["unit"])
    return found
