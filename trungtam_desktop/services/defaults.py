"""What a new database starts with: the six standard programmes, quotas and rates.

These are defaults from the centre's usual practice (DOMAIN.md); the clerk edits them in Settings. No centre
identity: a new database names no place or body until the clerk sets the centre up (services/setup.py).
"""

from __future__ import annotations

from sqlalchemy import func, select

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.enums import CertificateKind, LecturerType, ProgrammeKind, StaffRole
from trungtam_desktop.domain.models import AssessmentComponent, Lesson, Programme
from trungtam_desktop.services.base import Service
from trungtam_desktop.services.programmes import ProgrammeService

_SO_CAP_LESSONS = (
    ("Những vấn đề cơ bản của chủ nghĩa Mác - Lênin", 20),
    ("Những vấn đề cơ bản của tư tưởng Hồ Chí Minh", 15),
    ("Khái lược lịch sử Đảng Cộng sản Việt Nam", 15),
    ("Đảng Cộng sản Việt Nam - người lãnh đạo hệ thống chính trị", 15),
    ("Xây dựng Đảng về chính trị, tư tưởng, đạo đức, tổ chức và cán bộ", 15),
    ("Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam", 15),
    ("Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", 15),
    ("Đường lối phát triển kinh tế thị trường định hướng xã hội chủ nghĩa", 15),
    ("Đường lối phát triển văn hóa, xã hội, con người Việt Nam", 15),
    ("Đường lối quốc phòng, an ninh và đối ngoại", 15),
    ("Quản lý hành chính nhà nước ở cơ sở", 15),
    ("Kỹ năng lãnh đạo, quản lý ở cơ sở", 15),
    ("Công tác dân vận của hệ thống chính trị ở cơ sở", 15),
    ("Công tác kiểm tra, giám sát và thi hành kỷ luật đảng", 15),
    ("Lịch sử Đảng bộ địa phương", 10),
    ("Tình hình, nhiệm vụ phát triển kinh tế - xã hội của địa phương", 10),
    ("Đi thực tế tại địa phương", 20),
    ("Ôn tập và thi cuối khóa", 10),
)
_NHAN_THUC_LESSONS = (
    ("Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh - nền tảng tư tưởng của Đảng", 5),
    ("Đảng Cộng sản Việt Nam - đội tiên phong của giai cấp công nhân", 5),
    ("Mục tiêu, lý tưởng và đường lối của Đảng", 10),
    ("Điều lệ Đảng; nguyên tắc tổ chức và hoạt động của Đảng", 10),
    ("Phấn đấu trở thành đảng viên Đảng Cộng sản Việt Nam", 5),
    ("Thảo luận, trao đổi", 5),
    ("Ôn tập, viết bài thu hoạch", 10),
)
_DANG_VIEN_MOI_LESSONS = tuple(
    (title, 5)
    for title in (
        "Chuyên đề 1: Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh",
        "Chuyên đề 2: Đảng Cộng sản Việt Nam - người tổ chức, lãnh đạo",
        "Chuyên đề 3: Con đường đi lên chủ nghĩa xã hội ở Việt Nam",
        "Chuyên đề 4: Đường lối phát triển kinh tế",
        "Chuyên đề 5: Đường lối văn hóa, xã hội",
        "Chuyên đề 6: Đường lối quốc phòng, an ninh, đối ngoại",
        "Chuyên đề 7: Hệ thống chính trị ở cơ sở",
        "Chuyên đề 8: Nhiệm vụ của đảng viên",
        "Chuyên đề 9: Tổ chức cơ sở đảng và sinh hoạt chi bộ",
        "Chuyên đề 10: Rèn luyện, tu dưỡng đạo đức đảng viên",
        "Ôn tập, kiểm tra",
    )
)

DEFAULT_PROGRAMMES: tuple[Programme, ...] = (
    Programme(
        code="SCLLCT",
        name="Sơ cấp lý luận chính trị",
        kind=ProgrammeKind.ELEMENTARY,
        certificate_kind=CertificateKind.DIPLOMA,
        lessons=tuple(Lesson(t, n) for t, n in _SO_CAP_LESSONS),
        components=(
            AssessmentComponent("Kiểm tra 1", 30),
            AssessmentComponent("Kiểm tra 2", 30),
            AssessmentComponent("Thi cuối khóa", 40),
        ),
    ),
    Programme(
        code="NTVD",
        name="Bồi dưỡng nhận thức về Đảng",
        kind=ProgrammeKind.PARTY_AWARENESS,
        lessons=tuple(Lesson(t, n) for t, n in _NHAN_THUC_LESSONS),
        components=(AssessmentComponent("Bài thu hoạch", 100),),
    ),
    Programme(
        code="DVM",
        name="Bồi dưỡng lý luận chính trị cho đảng viên mới",
        kind=ProgrammeKind.NEW_MEMBERS,
        lessons=tuple(Lesson(t, n) for t, n in _DANG_VIEN_MOI_LESSONS),
        components=(AssessmentComponent("Bài kiểm tra", 100),),
    ),
    Programme(
        code="BDCB",
        name="Bồi dưỡng bí thư chi bộ, cấp ủy viên cơ sở",
        kind=ProgrammeKind.TRAINING,
        lessons=(
            Lesson("Nhiệm vụ, quyền hạn của bí thư chi bộ", 5),
            Lesson("Kỹ năng tổ chức sinh hoạt chi bộ", 5),
            Lesson("Công tác phát triển đảng viên", 5),
            Lesson("Công tác kiểm tra, giám sát của chi bộ", 5),
            Lesson("Trao đổi kinh nghiệm", 5),
            Lesson("Tổng kết khóa học", 5),
        ),
    ),
    Programme(
        code="CNKT",
        name="Cập nhật kiến thức, chuyên đề",
        kind=ProgrammeKind.UPDATE,
        certificate_kind=CertificateKind.NONE,
        lessons=(
            Lesson("Lịch sử Đảng bộ địa phương", 5),
            Lesson("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 5),
            Lesson("Công tác phòng, chống tham nhũng, tiêu cực", 5),
        ),
    ),
    Programme(
        code="HNQT",
        name="Hội nghị quán triệt nghị quyết",
        kind=ProgrammeKind.BRIEFING,
        certificate_kind=CertificateKind.NONE,
        lessons=(Lesson("Quán triệt nghị quyết", 5), Lesson("Thảo luận, liên hệ thực tiễn", 5)),
    ),
)

DEFAULT_QUOTAS = {StaffRole.DIRECTOR: (40, 30), StaffRole.DEPUTY: (60, 40), StaffRole.LECTURER: (120, 90)}

# Example rates (VND per tiết); every centre sets its own in Settings.
DEFAULT_RATES = (
    (LecturerType.FULL_TIME, "", "tiet", 100_000),
    (LecturerType.PART_TIME, "", "tiet", 150_000),
    (LecturerType.REPORTER, "", "tiet", 200_000),
    (LecturerType.GUEST, "", "tiet", 250_000),
)


class DefaultsService(Service):
    """Fills a new, empty database with the defaults; does nothing where data already exists."""

    def ensure_defaults(self) -> bool:
        """Returns True when anything was added."""
        added = False
        with self._write() as session:
            if not session.scalar(select(func.count()).select_from(orm.LecturerQuota)):
                for role, (standard, lecturing) in DEFAULT_QUOTAS.items():
                    session.add(
                        orm.LecturerQuota(role=role.value, standard_hours=standard, lecturing_hours=lecturing)
                    )
                added = True
            if not session.scalar(select(func.count()).select_from(orm.LecturerRate)):
                for lecturer_type, title, unit, amount in DEFAULT_RATES:
                    session.add(
                        orm.LecturerRate(
                            lecturer_type=lecturer_type.value, title=title, unit=unit, amount=amount
                        )
                    )
                added = True
            has_programmes = bool(session.scalar(select(func.count()).select_from(orm.Programme)))
        if not has_programmes:
            programmes = ProgrammeService(self._ctx)
            for programme in DEFAULT_PROGRAMMES:
                programmes.create(programme)
            added = True
        return added
