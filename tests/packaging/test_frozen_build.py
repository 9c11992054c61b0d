"""The PyInstaller spec builds a one-folder program on this OS, and the frozen program works.

Slow (about a minute: the build is most of it), so deselected by default; run it with

    QT_QPA_PLATFORM=offscreen python -m pytest -m slow tests/packaging

after ``pip install -e ".[build,test]"``. On Linux this proves the same spec the Windows build uses: the data
files, migrations and Qt modules it collects, and that the frozen program migrates an empty database and
renders every document (``self-test``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "trungtam_desktop.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
GUI = "trungtam-desktop" + EXE_SUFFIX
CLI = "trungtam-desktop-cli" + EXE_SUFFIX
SIZE_LIMIT_MB = 250
# Qt modules the program never uses: none of their libraries may be in the folder.
UNWANTED_QT = re.compile(
    r"Qt6?(WebEngine|Quick|Qml|3D|Multimedia|Charts|DataVisualization|Graphs|Location|Bluetooth|Designer)",
    re.IGNORECASE,
)


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the one-folder program, PyInstaller's work folder), built once for this module."""
    pytest.importorskip("PyInstaller", reason='PyInstaller is not installed: pip install -e ".[build]"')
    base = tmp_path_factory.mktemp("frozen")
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    folder = base / "dist" / "trungtam_desktop"
    print(f"\nbuilt in {time.perf_counter() - started:.1f} s: {folder} ({_folder_mb(folder):.1f} MB)")
    yield folder, base / "work"
    shutil.rmtree(base, ignore_errors=True)


def _env(**extra: str) -> dict[str, str]:
    """The environment for the frozen program: offscreen Qt, no data-folder override, no source tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("TRUNGTAM_DATA_DIR", "PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _run(exe: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Run from a folder outside the source tree, so nothing can be imported from it by accident.
    return subprocess.run(
        [str(exe), *args],
        cwd=exe.parent.parent,
        env=env or _env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_folder_holds_both_programs_and_every_data_file(build: tuple[Path, Path]) -> None:
    folder, _work = build
    internal = folder / "_internal"
    assert (folder / GUI).is_file() and (folder / CLI).is_file()
    for font in (ROOT / "resources" / "fonts").iterdir():
        assert (internal / "resources" / "fonts" / font.name).is_file(), font.name
    assert (internal / "resources" / "icons" / "trungtam.png").is_file()
    # The user guide (F1) and its screenshots.
    for guide_file in (ROOT / "resources" / "help").rglob("*"):
        if guide_file.is_file():
            relative = guide_file.relative_to(ROOT / "resources")
            assert (internal / "resources" / relative).is_file(), relative
    migrations = internal / "trungtam_desktop" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    source_versions = {p.name for p in (ROOT / "trungtam_desktop/db/migrations/versions").glob("*.py")}
    assert source_versions and {p.name for p in (migrations / "versions").glob("*.py")} == source_versions
    # The package's metadata, so that --version reads the real version rather than the source-tree fallback.
    # copy_metadata takes what importlib.metadata finds first: the installed .dist-info, or in a fresh
    # clone the source tree's .egg-info that `pip install -e` left beside the package.
    dist_info = internal / f"trungtam_desktop-{version('trungtam-desktop')}.dist-info" / "METADATA"
    egg_info = internal / "trungtam_desktop.egg-info" / "PKG-INFO"
    assert dist_info.is_file() or egg_info.is_file()
    names = {p.name for p in internal.rglob("*") if p.is_file()}
    assert any("Qt6Pdf" in n or "Qt6Pdf." in n for n in names), "Qt's PDF module is missing"
    assert any("Qt6PdfWidgets" in n for n in names) and any("Qt6PrintSupport" in n for n in names)
    platforms = {p.stem for p in internal.rglob("platforms/*") if p.is_file()}
    assert any("offscreen" in p for p in platforms) and any(p.endswith(("windows", "xcb")) for p in platforms)
    unwanted = sorted(n for n in names if UNWANTED_QT.search(n))
    assert not unwanted, f"unused Qt modules were collected: {unwanted}"


def test_folder_size_is_within_the_target(build: tuple[Path, Path]) -> None:
    folder, _work = build
    size = _folder_mb(folder)
    print(f"\nfolder size: {size:.1f} MB")
    assert size <= SIZE_LIMIT_MB


def test_frozen_version_is_the_package_version(build: tuple[Path, Path]) -> None:
    folder, _work = build
    # A windowed .exe has no stdout on Windows: only the console one can be read there.
    for exe in (CLI,) if sys.platform == "win32" else (CLI, GUI):
        result = _run(folder / exe, "--version")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"trungtam-desktop {version('trungtam-desktop')}"


def test_frozen_self_test_migrates_and_renders_every_document(build: tuple[Path, Path]) -> None:
    folder, _work = build
    started = time.perf_counter()
    result = _run(folder / CLI, "self-test")
    elapsed = time.perf_counter() - started
    print(f"\nfrozen self-test: {elapsed:.2f} s\n{result.stdout}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cơ sở dữ liệu: lược đồ" in result.stdout
    assert result.stdout.count("Tài liệu ") >= 5
    assert result.stdout.rstrip().endswith("Tự kiểm tra: đạt.")


def test_frozen_program_prints_certificates_and_the_register(
    build: tuple[Path, Path], tmp_path: Path
) -> None:
    """Documents the self-test does not render yet: certificates (with their QR code) and the register book.

    The frozen program makes the demo data; certificates are issued through the services from here.
    """
    from trungtam_desktop.app import open_services
    from trungtam_desktop.domain.errors import DomainError
    from trungtam_desktop.paths import DataPaths

    folder, _work = build
    data = tmp_path / "data"
    seeded = _run(folder / CLI, "seed-demo", "--data-dir", str(data))
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    opened = open_services(DataPaths(data))
    try:
        services = opened.services
        for training_class in services.classes.list():  # the first class ready, with learners to certify
            try:
                plan = services.certificates.plan(training_class.id)
            except DomainError:  # a programme that gives no certificate
                continue
            eligible = [c.enrolment_id for c in plan.to_issue]
            if eligible and plan.readiness.ready:  # ended, every buổi marked (domain/issuing.py)
                issued_on = plan.readiness.class_end
                services.certificates.issue(training_class.id, eligible[:3], issued_on=issued_on)
                code, year = training_class.code, plan.year
                break
        else:
            pytest.fail("the demo data has no class with learners to certify")
    finally:
        opened.close()
    for extra in ((), ("--fields-only",)):
        out = tmp_path / f"certificates{len(extra)}.pdf"
        printed = _run(
            folder / CLI,
            "print",
            "certificates",
            "--class",
            code,
            "--out",
            str(out),
            *extra,
            "--data-dir",
            str(data),
        )
        assert printed.returncode == 0, printed.stdout + printed.stderr
        assert out.read_bytes().startswith(b"%PDF-")
    register = tmp_path / "register.pdf"
    printed = _run(
        folder / CLI,
        "print",
        "register",
        "--year",
        str(year),
        "--out",
        str(register),
        "--data-dir",
        str(data),
    )
    assert printed.returncode == 0, printed.stdout + printed.stderr
    assert register.read_bytes().startswith(b"%PDF-")


def test_portable_marker_puts_the_data_folder_beside_the_program(
    build: tuple[Path, Path], tmp_path: Path
) -> None:
    """`print` names the data folder it looked in when it finds no database there: that shows the choice."""
    folder, _work = build
    args = ("print", "class-list", "--class", "X", "--out", str(tmp_path / "x.pdf"))
    home = tmp_path / "home"
    env = _env(
        HOME=str(home), XDG_DATA_HOME=str(home / "share"), LOCALAPPDATA=str(home / "AppData" / "Local")
    )

    normal = _run(folder / CLI, *args, env=env)
    assert normal.returncode == 1
    assert str(folder) not in normal.stderr, normal.stderr
    if sys.platform != "win32":  # Windows asks the shell for %LOCALAPPDATA%, not the environment
        assert str(home) in normal.stderr, normal.stderr

    marker = folder / "portable"
    marker.write_text("", encoding="utf-8")
    try:
        portable = _run(folder / CLI, *args, env=env)
    finally:
        marker.unlink()
    assert portable.returncode == 1
    assert str(folder / "data") in portable.stderr, portable.stderr


def test_frozen_window_program_starts_and_keeps_running(build: tuple[Path, Path], tmp_path: Path) -> None:
    """The windowed program loads Qt's platform plugin, opens the database and stays up until stopped."""
    folder, _work = build
    data = tmp_path / "data"
    process = subprocess.Popen(
        [str(folder / GUI), "--data-dir", str(data)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log = data / "logs" / "trungtam.log"
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline and process.poll() is None and not (data / "trungtam.sqlite").exists()
        ):
            time.sleep(0.2)
        time.sleep(3)  # long enough for the window to be built and shown, or for Qt to abort
        assert process.poll() is None, process.communicate(timeout=10)
        assert (data / "trungtam.sqlite").is_file()
        assert "Starting; data folder" in log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            process.terminate()
        _out, err = process.communicate(timeout=30)
    assert "Could not load the Qt platform plugin" not in err, err


def test_windows_version_resource_is_well_formed(build: tuple[Path, Path]) -> None:
    """The version text the spec writes loads and serialises with PyInstaller's own Windows code."""
    _folder, work = build
    pytest.importorskip("pefile", reason="pefile (PyInstaller's Windows dependency) is not installed")
    import PyInstaller.compat

    if not hasattr(PyInstaller.compat, "win32api"):  # only defined on Windows; unused by the text loader
        PyInstaller.compat.win32api = None  # type: ignore[attr-defined]
    from PyInstaller.utils.win32 import versioninfo

    files = sorted(work.rglob("version_info-*.txt"))
    assert {f.name for f in files} == {
        "version_info-trungtam-desktop.txt",
        "version_info-trungtam-desktop-cli.txt",
    }
    package_version = version("trungtam-desktop")
    for file in files:
        info = versioninfo.load_version_info_from_text_file(str(file))
        raw = info.toRaw().decode("utf-16-le", errors="replace")
        assert "Quản lý Trung tâm chính trị" in raw and package_version in raw
