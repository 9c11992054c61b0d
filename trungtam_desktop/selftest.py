"""``trungtam-desktop self-test``: a quick proof that this installation works end to end.

Migrates an empty database in a temporary folder, runs a round trip through the services, and (as the
document renderers arrive) renders every document. Used after install and by the frozen-build test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from trungtam_desktop.app import open_services
from trungtam_desktop.db.migrate import head_revision
from trungtam_desktop.domain.enums import Gender, LecturerType
from trungtam_desktop.domain.models import Learner, Lecturer, TrainingClass
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.paths import DataPaths

Report = Callable[[str], object]


def _round_trip(services, report: Report) -> None:  # type: ignore[no-untyped-def]
    programmes = services.programmes.list()
    assert len(programmes) >= 6, "thiếu chương trình mặc định"
    lecturer = services.lecturers.create(Lecturer("Nguyễn Văn Giảng", LecturerType.FULL_TIME))
    learner = services.learners.create(
        Learner("nguyễn thị mỵ", birth_date=date(1990, 3, 5), gender=Gender.FEMALE, unit="Chi bộ thôn 3")
    )
    assert learner.full_name == "Nguyễn Thị Mỵ", learner.full_name
    found = services.learners.search("nguyen thi my")
    assert found.total == 1 and found.items[0].id == learner.id, "tìm kiếm không thấy học viên"
    klass = services.classes.create(
        TrainingClass(
            programmes[1].id,
            "TEST-01",
            "Đợt 1/2024",
            date(2024, 6, 10),
            date(2024, 6, 14),
            homeroom_lecturer_id=lecturer.id,
        )
    )
    assert services.classes.get(klass.id).homeroom_lecturer_name == lecturer.full_name
    services.learners.set_archived(learner.id, True)
    assert services.learners.search("my").total == 0
    report("  Dịch vụ: tạo, tìm, sửa, lưu trữ — đạt")


def run_self_test(paths: DataPaths, report: Report = print) -> bool:
    """True when every check passes; each step is reported in Vietnamese."""
    report(f"Tự kiểm tra trong {paths.root}")
    opened = open_services(paths)
    try:
        report(f"  Cơ sở dữ liệu: lược đồ {head_revision()} — đạt")
        _round_trip(opened.services, report)
        from trungtam_desktop.selftest_documents import render_all_documents

        for name, size in render_all_documents(opened.services):
            report(f"  Tài liệu {name}: {format_int(size)} byte — đạt")
    except AssertionError as exc:
        report(f"  LỖI: {exc}")
        return False
    finally:
        opened.close()
    report("Tự kiểm tra: đạt.")
    return True
