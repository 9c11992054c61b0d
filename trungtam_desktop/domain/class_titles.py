"""How a class is named in the heading of its documents, as a Vietnamese official writes it.

The clerk's data holds the programme ("Bồi dưỡng nhận thức về Đảng", "Hội nghị quán triệt nghị quyết")
and the class's own name, which is either a short label ("Đợt 2/2024", "Khóa 83") or a full name of its own
("Hội nghị quán triệt Nghị quyết Hội nghị Trung ương 12 khóa XIII cho khối chính quyền", "Chuyên đề phòng,
chống tham nhũng, tiêu cực năm 2024"). The heading is one phrase:

* a full name stands alone (it already says what the class is); one that names only its subject
  ("Cập nhật kiến thức cho cán bộ ...") gets "Lớp" before it;
* a short label follows the programme, lower-cased inside the phrase, after "Lớp" unless the programme
  itself names its kind: "Lớp bồi dưỡng nhận thức về Đảng đợt 2/2024", "Lớp sơ cấp lý luận chính trị khóa
  83", "Hội nghị quán triệt nghị quyết đợt 3/2024" (never "Lớp Hội nghị ..." nor "Lớp Cập nhật ...").
"""

from __future__ import annotations

from trungtam_desktop.domain.vietnamese import clean_text, fold

# Folded first words of a name that says by itself what kind of gathering the class is.
_KIND_WORDS = (
    "lop ",
    "hoi nghi",
    "chuyen de",
    "hoi thao",
    "tap huan",
    "khoa boi duong",
    "khoa dao tao",
    "khoa hoc",
    "dot boi duong",
    "buoi ",
    "le ",
)
# Folded first words of a name that says what is taught but not that it is a class: "Lớp" goes before it.
_SUBJECT_WORDS = ("boi duong", "cap nhat", "dao tao", "quan triet", "so cap", "trung cap", "hoc tap")


def lower_first(text: str) -> str:
    """``text`` with its first letter lower-cased when its first word is an ordinary capitalised word
    ("Đợt 2/2024" -> "đợt 2/2024"); acronyms and words with digits ("LLCT", "K83") are kept."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isalpha() and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def names_its_kind(name: str) -> bool:
    """Does ``name`` begin by saying what it is ("Lớp ...", "Hội nghị ...", "Chuyên đề ...")?"""
    return (fold(name) + " ").startswith(_KIND_WORDS)


def class_heading(programme_name: str, class_name: str) -> str:
    """The class as its documents' heading names it (see the module's description)."""
    programme, name = clean_text(programme_name), clean_text(class_name)
    if not programme:
        return name
    if not name:
        return programme if names_its_kind(programme) else f"Lớp {lower_first(programme)}"
    if names_its_kind(name):
        return name
    if fold(name).startswith(_SUBJECT_WORDS):
        return f"Lớp {lower_first(name)}"
    if fold(programme) in fold(name):
        return name
    lead = programme if names_its_kind(programme) else f"Lớp {lower_first(programme)}"
    return f"{lead} {lower_first(name)}"
