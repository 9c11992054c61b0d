"""``trungtam-desktop self-test`` renders every document kind from a sample class and exits 0."""

from __future__ import annotations

from trungtam_desktop.cli import main
from trungtam_desktop.services.printing import ClassDocument, document_title


def test_self_test_renders_every_document(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["self-test"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("Tự kiểm tra: đạt.")
    names = [document_title(kind) for kind in ClassDocument]
    names.append(document_title(ClassDocument.ATTENDANCE, blank=True))
    names += [
        "Giấy chứng nhận (in toàn bộ, có mã QR)",
        "Giấy chứng nhận (chỉ phần điền vào phôi)",
        "Trang căn chỉnh máy in",
        "Sổ cấp giấy chứng nhận",
    ]
    for name in names:
        line = next(line for line in out.splitlines() if line.strip().startswith(f"Tài liệu {name}:"))
        assert line.endswith("byte — đạt")
        size = int(line.split(":")[1].split("byte")[0].strip().replace(".", ""))
        assert size > 10_000  # a real PDF with embedded fonts, not an empty file
