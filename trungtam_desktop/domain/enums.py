"""Enumerations of the domain, each with its Vietnamese label.

Values are the stable codes stored in the database (check constraints list them); labels are what the
clerk sees. Never show ``.value`` to a user: use ``.label``.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Vietnamese label."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]



class Gender(LabelledEnum):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class PartyStatus(LabelledEnum):
    NONE = "quan_chung", "Quần chúng"
    PROBATIONARY = "du_bi", "Đảng viên dự bị"
    FULL = "chinh_thuc", "Đảng viên chính thức"


class AttendanceStatus(LabelledEnum):
    PRESENT = "co_mat", "Có mặt"
    EXCUSED = "vang_co_phep", "Vắng có phép"
    UNEXCUSED = "vang_khong_phep", "Vắng không phép"
    LATE = "di_muon", "Đi muộn"

    @property
    def is_absence(self) -> bool:
        return self in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED)


class LecturerType(LabelledEnum):
    FULL_TIME = "chuyen_trach", "Chuyên trách"
    PART_TIME = "kiem_chuc", "Kiêm chức"
    REPORTER = "bao_cao_vien", "Báo cáo viên"
    GUEST = "moi", "Giảng viên mời"


class StaffRole(LabelledEnum):
    """A lecturer's post at the centre, which sets the yearly teaching quota."""

    DIRECTOR = "giam_doc", "Giám đốc"
    DEPUTY = "pho_giam_doc", "Phó giám đốc"
    LECTURER = "giang_vien", "Giảng viên"
    OTHER = "khac", "Khác"


class ClassStatus(LabelledEnum):
    PLANNED = "du_kien", "Dự kiến"
    OPEN = "dang_hoc", "Đang học"
    FINISHED = "da_ket_thuc", "Đã kết thúc"
    CLOSED = "da_dong", "Đã đóng"


class ClassMode(LabelledEnum):
    FULL_TIME = "tap_trung", "Tập trung"
    PART_TIME = "khong_tap_trung", "Không tập trung"


class HalfDay(LabelledEnum):
    MORNING = "sang", "Sáng"
    AFTERNOON = "chieu", "Chiều"


class EnrolmentStatus(LabelledEnum):
    ACTIVE = "dang_hoc", "Đang học"
    WITHDRAWN = "thoi_hoc", "Thôi học"


# What an ACTIVE enrolment reads once its class has finished or closed.
COMPLETED_ENROLMENT_LABEL = "Đã học hết khóa"


class Grade(LabelledEnum):
    EXCELLENT = "xuat_sac", "Xuất sắc"
    VERY_GOOD = "gioi", "Giỏi"
    GOOD = "kha", "Khá"
    AVERAGE = "trung_binh", "Trung bình"
    FAIL = "khong_dat", "Không đạt"


class ProgrammeKind(LabelledEnum):
    ELEMENTARY = "so_cap", "Sơ cấp lý luận chính trị"
    PARTY_AWARENESS = "nhan_thuc_ve_dang", "Bồi dưỡng nhận thức về Đảng"
    NEW_MEMBERS = "dang_vien_moi", "Bồi dưỡng đảng viên mới"
    TRAINING = "boi_duong", "Bồi dưỡng cán bộ, nghiệp vụ"
    UPDATE = "cap_nhat", "Cập nhật kiến thức, chuyên đề"
    BRIEFING = "hoi_nghi", "Hội nghị quán triệt nghị quyết"


class CertificateKind(LabelledEnum):
    NONE = "khong", "Không cấp"
    CERTIFICATE = "giay_chung_nhan", "Giấy chứng nhận"
    DIPLOMA = "bang_so_cap", "Bằng tốt nghiệp sơ cấp LLCT"


class CertificateStatus(LabelledEnum):
    ISSUED = "da_cap", "Đã cấp"
    REPLACED = "da_cap_lai", "Đã được cấp lại"
    VOID = "da_huy", "Đã hủy"


class AuditAction(LabelledEnum):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    ARCHIVE = "archive", "Lưu trữ"
    RESTORE = "restore", "Khôi phục"
    DELETE = "delete", "Xóa"
    ISSUE = "issue", "Cấp"
    REISSUE = "reissue", "Cấp lại"
    REPRINT = "reprint", "In lại"
    VOID = "void", "Hủy"
    IMPORT = "import", "Nhập dữ liệu"
    LOCK = "lock", "Khóa"
    UNLOCK = "unlock", "Mở khóa"
    SETTINGS = "settings", "Thay đổi cài đặt"
