"""Issue 21, parts 4 and 5 end to end through the command line: three centres write their signed packages,
the province rolls them up (refusing the tampered, unsigned, duplicate, wrong-period and unknown ones), and
checks a certificate's QR offline with the centre's public key. Also: the centre's key (made once, audited
by fingerprint only, what a restore does to it)."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tests.classwork_builder import build_class
from tests.db.classwork_support import sql
from tests.reorg_fixture import build_reorg_database
from tests.report_fixture import build_report_database
from trungtam_desktop.app import backup_service, open_services
from trungtam_desktop.cli import main
from trungtam_desktop.db import backup as bk
from trungtam_desktop.db import models as orm
from trungtam_desktop.documents.certificate import qr_modules
from trungtam_desktop.domain.certificates import qr_text, scan_qr
from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.reports import Period
from trungtam_desktop.domain.signatures import TrustedKey, key_id, new_private_key, public_key_of
from trungtam_desktop.domain.vietnamese import fold, sort_string
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.province.qr_check import check_qr
from trungtam_desktop.services.signing import SIGNING_KEY, certificate_qr

NAMES = {"A": "Xã Hiệp Thạnh", "B": "Phường Một", "C": "Đặc khu Ba"}


def _add_class_e(database) -> None:  # type: ignore[no-untyped-def]
    """Centre B's extra class: E (nhận thức, 10–15/08/2024, at Phường Một) with two learners."""
    with database.write_sessions.begin() as session:
        programme = session.scalar(select(orm.Programme.id).where(orm.Programme.kind == "nhan_thuc_ve_dang"))
        klass = orm.TrainingClass(
            programme_id=programme,
            code="LOP-E",
            name="Lớp E",
            start_date=date(2024, 8, 10),
            end_date=date(2024, 8, 15),
            status="da_ket_thuc",
            commune="Phường Một",
        )
        session.add(klass)
        session.flush()
        for name, birth in (("Phan Văn Đông", 1985), ("Vũ Thị Tây", 1999)):
            learner = orm.Learner(
                full_name=name,
                name_key=fold(name),
                sort_key=sort_string(name),
                birth_year=birth,
                commune="Phường Một",
            )
            session.add(learner)
            session.flush()
            session.add(
                orm.Enrolment(
                    class_id=klass.id,
                    learner_id=learner.id,
                    enrolled_on=date(2024, 8, 1),
                    grade="kha",
                    passed=True,
                )
            )


@pytest.fixture
def centres(tmp_path: Path, migrated_template: Path) -> dict[str, Path]:
    """Three centres' data folders: A the issue-21 fixture, B the same plus class E, C the report fixture
    without communes. Each writes its own quý III 2024 package and key file."""
    folders = {}
    for letter, place in NAMES.items():
        paths = DataPaths(tmp_path / f"centre-{letter}").ensure()
        shutil.copy(migrated_template, paths.database)
        opened = open_services(paths)
        opened.services.context.today = lambda: date(2024, 11, 20)
        opened.services.settings.save_centre(
            CentreIdentity(f"ĐẢNG ỦY {place.upper()}", "TRUNG TÂM CHÍNH TRỊ", place, "", "GIÁM ĐỐC", "TTCT")
        )
        if letter == "C":
            build_report_database(opened.database)
        else:
            build_reorg_database(opened.services)
        if letter == "B":
            _add_class_e(opened.database)
        opened.close()
        folders[letter] = paths.root
    return folders


def _package(centres: dict[str, Path], letter: str, out: Path, period: str = "q3") -> Path:
    target = out / f"{letter}-{period}.ttct"
    assert (
        main(
            [
                "report",
                "--year",
                "2024",
                "--period",
                period,
                "--package",
                str(target),
                "--data-dir",
                str(centres[letter]),
            ]
        )
        == 0
    )
    return target


def _keys(centres: dict[str, Path], letters: str, out: Path) -> Path:
    lines = []
    for letter in letters:
        key_file = out / f"khoa-{letter}.txt"
        assert main(["public-key", "--data-dir", str(centres[letter]), "--out", str(key_file)]) == 0
        lines.append(key_file.read_text(encoding="utf-8"))
    keys = out / "khoa-cac-trung-tam.txt"
    keys.write_text("\n".join(lines), encoding="utf-8")
    return keys


def _rewrite(
    source: Path,
    target: Path,
    *,
    replace: dict[str, bytes] | None = None,
    drop: str = "",
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of a package with members replaced, dropped or added (zip rewritten, signature untouched)."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members.update(replace or {})
    members.update(add or {})
    members.pop(drop, None)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _own_report(centres: dict[str, Path], letter: str):  # type: ignore[no-untyped-def]
    opened = open_services(DataPaths(centres[letter]))
    try:
        return opened.services.reports.period_report(2024, Period.Q3)
    finally:
        opened.close()


def _rollup(*args: str) -> int:
    return main(["rollup", *args, "--year", "2024", "--period", "q3"])


def _table(path: Path, sheet: str) -> list[list[object]]:
    rows = load_workbook(path)[sheet].iter_rows(min_row=4, values_only=True)
    return [list(row) for row in rows]


def test_three_packages_one_tampered_one_duplicate(centres, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    a, b = _package(centres, "A", tmp_path), _package(centres, "B", tmp_path)
    keys = _keys(centres, "AB", tmp_path)
    with zipfile.ZipFile(b) as archive:
        figures = archive.read("figures.json").decode("utf-8")
    tampered = _rewrite(
        b,
        tmp_path / "B-sua.ttct",
        replace={"figures.json": figures.replace('"classes": 3', '"classes": 30', 1).encode()},
    )
    duplicate = shutil.copy(a, tmp_path / "A-gui-lai.ttct")
    capsys.readouterr()
    out = tmp_path / "tong-hop.xlsx"
    assert _rollup(str(a), str(tampered), str(duplicate), "--keys", str(keys), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "Từ chối B-sua.ttct: tệp figures.json trong gói đã bị sửa" in err
    assert "Từ chối A-gui-lai.ttct: trùng với tệp A-q3.ttct" in err
    assert "2 gói bị từ chối" in err
    rows = _table(out, "Theo trung tâm")
    own = _own_report(centres, "A").total()
    assert [r[0] for r in rows[1:]] == ["TRUNG TÂM CHÍNH TRỊ XÃ HIỆP THẠNH", "Tổng cộng"]
    assert rows[-1][3:9] == [
        own.classes,
        own.places,
        own.classes_ytd,
        own.places_ytd,
        own.planned_classes,
        own.planned_places,
    ]
    packages = _table(out, "Các gói")
    assert [r[4][:15] for r in packages[1:]] == ["Đã tổng hợp", "Không tổng hợp:", "Không tổng hợp:"]


def test_rollup_figures_equal_the_sum_of_the_centres_reports(centres, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    packages = [str(_package(centres, letter, tmp_path)) for letter in "ABC"]
    keys = _keys(centres, "ABC", tmp_path)
    out = tmp_path / "tong-hop.xlsx"
    assert _rollup(*packages, "--keys", str(keys), "--out", str(out)) == 0
    assert "Đã ghi báo cáo tổng hợp quý III năm 2024 của 3 trung tâm" in capsys.readouterr().out
    reports = [_own_report(centres, letter) for letter in "ABC"]
    totals = [r.total() for r in reports]
    rows = _table(out, "Theo trung tâm")
    total_row = rows[-1]
    assert total_row[0] == "Tổng cộng"
    assert total_row[2:9] == [
        sum(r.people for r in reports),
        *(
            sum(getattr(t, f) for t in totals)
            for f in ("classes", "places", "classes_ytd", "places_ytd", "planned_classes", "planned_places")
        ),
    ]
    assert total_row[3:5] == [2 + 3 + 2, 5 + 7 + 5]  # B's class E adds 1 class and 2 places
    # Per centre the row is the centre's own report.
    by_centre = {r[0]: r for r in rows[1:-1]}
    assert by_centre["TRUNG TÂM CHÍNH TRỊ PHƯỜNG MỘT"][3:5] == [totals[1].classes, totals[1].places] == [3, 7]
    quality = _table(out, "Chất lượng")[-1]
    certificates = [
        sum(getattr(r.certificates, f) for r in reports) for f in ("issued", "reissued", "voided")
    ]
    assert quality[-3:] == certificates and quality[-4] == sum(r.not_passed for r in reports)
    composition = {(r[1], r[2]): r[3] for r in _table(out, "Thành phần học viên") if r[0] == "Tổng cộng"}
    women = sum(c.places for r in reports for c in r.composition if c.label == "Nữ")
    assert composition[("Giới tính", "Nữ")] == women
    kinds = {r[1]: r[2:4] for r in _table(out, "Theo chương trình") if r[0] == "Tổng cộng" and r[1]}
    assert kinds["Bồi dưỡng nhận thức về Đảng"] == [1 + 2 + 1, 2 + 4 + 2] and kinds[
        "Sơ cấp lý luận chính trị"
    ] == [3, 9]
    communes = [r for r in _table(out, "Theo xã, phường") if r[0] == "TRUNG TÂM CHÍNH TRỊ PHƯỜNG MỘT"]
    assert ["Xã Hiệp Thạnh", 1, 3] in [r[1:4] for r in communes]
    classes = _table(out, "Danh sách lớp")[1:]
    assert len(classes) == 7 and ["LOP-E", "Lớp E"] in [r[1:3] for r in classes]
    pdf = tmp_path / "tong-hop.pdf"
    assert (
        _rollup(*packages, "--keys", str(keys), "--out", str(pdf), "--issuer", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
        == 0
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert (
        "BÁO CÁO TỔNG HỢP" in text and "TRUNG TÂM CHÍNH TRỊ ĐẶC KHU BA" in text and "BAN TUYÊN GIÁO" in text
    )
    assert "Mọi gói nhận được đều hợp lệ" in text


def test_unsigned_wrong_period_unknown_key_and_altered_packages_are_refused(
    centres, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    a, b = _package(centres, "A", tmp_path), _package(centres, "B", tmp_path)
    c_q2 = _package(centres, "C", tmp_path, period="q2")
    keys = _keys(centres, "AC", tmp_path)  # B's key is not known to the province
    unsigned = _rewrite(a, tmp_path / "khong-ky.ttct", drop="signature.json")
    extra = _rewrite(a, tmp_path / "them-tep.ttct", add={"ghi-chu.txt": b"x"})
    with zipfile.ZipFile(a) as archive:
        manifest = archive.read("manifest.json").decode("utf-8")
    relabelled = _rewrite(
        a, tmp_path / "doi-ky.ttct", replace={"manifest.json": manifest.replace('"q3"', '"q4"').encode()}
    )
    junk = tmp_path / "rac.ttct"
    junk.write_bytes(b"not a zip at all")
    capsys.readouterr()
    out = tmp_path / "th.xlsx"
    code = _rollup(
        *map(str, (a, b, c_q2, unsigned, extra, relabelled, junk)), "--keys", str(keys), "--out", str(out)
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "B-q3.ttct: gói được ký bằng khóa có dấu vân tay" in err and "không có trong danh sách khóa" in err
    assert "C-q2.ttct: gói là báo cáo quý II năm 2024, không phải quý III năm 2024" in err
    assert "khong-ky.ttct: gói chưa được ký" in err
    assert "them-tep.ttct: gói có tệp không được ký: ghi-chu.txt" in err
    assert "doi-ky.ttct: chữ ký không khớp với nội dung" in err
    assert "rac.ttct: không phải gói báo cáo" in err
    assert [r[0] for r in _table(out, "Theo trung tâm")[1:]] == [
        "TRUNG TÂM CHÍNH TRỊ XÃ HIỆP THẠNH",
        "Tổng cộng",
    ]
    # Nothing valid: nothing written.
    nothing = tmp_path / "khong-co-gi.xlsx"
    assert _rollup(str(unsigned), "--keys", str(keys), "--out", str(nothing)) == 1
    assert not nothing.exists() and "không có gói nào hợp lệ" in capsys.readouterr().err
    # A keys line whose fingerprint does not match its key.
    bad_keys = tmp_path / "sai.txt"
    line = keys.read_text(encoding="utf-8").splitlines()[-1]
    bad_keys.write_text("ZZZZ-ZZZZ-ZZZZ-ZZZZ " + line.split(" ", 1)[1], encoding="utf-8")
    assert _rollup(str(a), "--keys", str(bad_keys), "--out", str(out)) == 1
    assert "dòng 1: dấu vân tay ZZZZ-ZZZZ-ZZZZ-ZZZZ không khớp" in capsys.readouterr().err


def test_package_holds_the_documented_files_and_no_personal_data(centres, tmp_path) -> None:  # type: ignore[no-untyped-def]
    package = _package(centres, "A", tmp_path)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        text = b" ".join(archive.read(n) for n in names if n.endswith(".json")).decode("utf-8")
    assert names == [
        "manifest.json",
        "certificates.json",
        "classes.json",
        "figures.json",
        "report.xlsx",
        "signature.json",
    ]
    for personal in ("Nguyễn Văn Hải", "001090000001", "Hoàng Thị Lan"):
        assert personal not in text
    assert '"period": "q3"' in text and '"kind": "nhan_thuc_ve_dang"' in text
    assert (
        main(
            [
                "report",
                "--year",
                "2024",
                "--period",
                "q3",
                "--package",
                str(tmp_path / "x.zip"),
                "--data-dir",
                str(centres["A"]),
            ]
        )
        == 1
    )


# -- the key ---------------------------------------------------------------------------------------------


def test_key_made_once_audited_by_fingerprint_only(services, opened) -> None:  # type: ignore[no-untyped-def]
    assert services.signing.public_key() is None  # nothing made by just looking
    key = services.signing.ensure()
    assert services.signing.ensure() == key and services.signing.public_key() == key
    (stored,) = sql(opened, "SELECT value FROM app_setting WHERE key = ?", SIGNING_KEY)
    private = stored[0].split('"private": "')[1].split('"')[0]
    audit = sql(opened, "SELECT changes, summary FROM audit_log WHERE entity = 'signing_key'")
    assert len(audit) == 1 and key.fingerprint in audit[0][1] and private not in audit[0][0] + audit[0][1]
    everything = " ".join(str(row) for row in sql(opened, "SELECT * FROM audit_log"))
    assert private not in everything
    for log in opened.paths.logs.glob("*"):
        assert private not in log.read_text(encoding="utf-8", errors="replace")
    assert key.line() in services.signing.key_file_text()


def test_restore_brings_back_the_key_the_backup_held(opened, data_paths) -> None:  # type: ignore[no-untyped-def]
    before_key = data_paths.root / "truoc.sqlite"
    bk.backup_file(data_paths.database, before_key)
    first = opened.services.signing.ensure()
    with_key = data_paths.root / "sau.sqlite"
    bk.backup_file(data_paths.database, with_key)
    opened.close()
    service = backup_service(data_paths)
    service.restore(with_key)
    again = open_services(data_paths)
    assert again.services.signing.public_key() == first  # same key, same fingerprint
    again.close()
    service.restore(before_key)
    older = open_services(data_paths)
    try:
        assert older.services.signing.public_key() is None  # the backup predates the key
        assert older.services.signing.ensure().fingerprint != first.fingerprint  # a new key: send it again
    finally:
        older.close()


# -- QR codes ------------------------------------------------------------------------------------------


def _issued_face(services, opened):  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-09", learners=2, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(e, component): 8.5 for e in built.enrolment_ids})
    line = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )[0]
    return services.certificate_books.face(line.id)


def test_new_certificates_carry_a_signed_qr_checked_offline(services, opened, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    face = _issued_face(services, opened)
    assert face.qr_text.startswith("TTCT-GCN2;")
    key = services.signing.public_key()
    assert key is not None and scan_qr(face.qr_text).key_id == key.key_id  # type: ignore[union-attr]
    assert services.certificate_books.verify(face.qr_text).genuine  # the centre itself
    keys = {key.key_id: key}
    answer = check_qr(face.qr_text, keys)  # the province, without the database
    assert answer.genuine and face.full_name in answer.message and "hủy hay cấp lại" in answer.message
    forged = face.qr_text.replace(face.full_name, "Người Khác")
    assert not check_qr(forged, keys).genuine and "đã bị sửa" in check_qr(forged, keys).message
    assert "không có trong danh sách khóa" in check_qr(face.qr_text, {}).message
    scanned = scan_qr(face.qr_text)
    assert scanned is not None
    old = qr_text(scanned.fields, scanned.code)  # a certificate printed before: still checked by the centre
    assert services.certificate_books.verify(old).genuine and "kiểu cũ" in check_qr(old, keys).message
    other = new_private_key()
    with opened.database.write_sessions.begin() as session:  # the same fields signed by another key
        session.get(orm.AppSetting, SIGNING_KEY).value = json.dumps(
            {"private": base64.b64encode(other).decode()}
        )
        foreign = certificate_qr(session, "kiểm thử", services.context.now(), scanned.fields, scanned.code)
        session.rollback()
    assert scan_qr(foreign).key_id == key_id(public_key_of(other))  # type: ignore[union-attr]
    assert "khóa khác" in services.certificate_books.verify(foreign).message
    # Size: a typical signed QR is a version 10 code (57 modules; the old one 37) in the same 22 mm square.
    assert len(qr_modules(old)) <= 41 and len(qr_modules(face.qr_text)) <= 61
    # The command line, with the keys file the province keeps.
    keys_file = tmp_path / "khoa.txt"
    keys_file.write_text(TrustedKey(key.public, "TRUNG TÂM A").line() + "\n", encoding="utf-8")
    assert main(["verify-qr", face.qr_text, "--keys", str(keys_file)]) == 0
    assert "Chữ ký hợp lệ của TRUNG TÂM A" in capsys.readouterr().out
    assert main(["verify-qr", forged, "--keys", str(keys_file)]) == 1
    assert "đã bị sửa" in capsys.readouterr().err
