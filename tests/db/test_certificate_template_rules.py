"""The certificate service refuses the templates the template form refuses (one rule, domain/certificate_layout),
whoever calls it, and saves nothing then."""

from __future__ import annotations

from dataclasses import replace

import pytest

from trungtam_desktop.domain.certificate_layout import (
    FieldBox,
    PaperSize,
    PrintMode,
    default_boxes,
    validate_template,
)
from trungtam_desktop.domain.errors import ValidationError


def _with_box(template, key: str, **changes):  # type: ignore[no-untyped-def]
    return replace(template, boxes=tuple(replace(b, **changes) if b.key == key else b for b in template.boxes))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda t: replace(t, name="  "), "name", "Cần đặt tên cho mẫu."),
        (lambda t: _with_box(t, "full_name", width_mm=0), "boxes", "Trường “Họ và tên”: khung phải có rộng"),
        (lambda t: _with_box(t, "grade", height_mm=-1), "boxes", "Trường “Xếp loại”: khung phải có rộng"),
        (lambda t: _with_box(t, "birth", font_size=3), "boxes", "cỡ chữ từ 4 đến 72"),
        (lambda t: _with_box(t, "birth", font_size=80), "boxes", "cỡ chữ từ 4 đến 72"),
        (lambda t: _with_box(t, "unit", x_mm=200), "box_position", "Trường “Đơn vị”: khung phải nằm trong tờ giấy A4"),
        (lambda t: _with_box(t, "serial", y_mm=-5), "box_position", "Trường “Số hiệu phôi”: khung phải nằm trong"),
        (lambda t: replace(t, paper=PaperSize.A5), "box_position", "khung phải nằm trong tờ giấy A5 ngang (210 × 148 mm)."),
        (lambda t: replace(t, offset_x_mm=31), "offset_x", "Độ lệch ngang phải trong khoảng −30 đến 30 mm."),
        (lambda t: replace(t, offset_y_mm=-40), "offset_y", "Độ lệch dọc phải trong khoảng −30 đến 30 mm."),
        (
            lambda t: replace(t, boxes=(*t.boxes, FieldBox("signature_image", 10, 10, 20, 20))),
            "boxes",
            "Trường “signature_image” không có trên giấy chứng nhận.",
        ),
        (
            lambda t: replace(t, boxes=(*t.boxes, t.boxes[0])),
            "boxes",
            "Trường “Họ và tên” có hai khung.",
        ),
    ],
)
def test_save_template_refuses_what_the_form_refuses(services, change, field, words) -> None:  # type: ignore[no-untyped-def]
    before = services.certificate_printing.active_template()
    bad = change(replace(before, mode=PrintMode.FIELDS_ONLY))
    with pytest.raises(ValidationError) as caught:
        services.certificate_printing.save_template(bad)
    assert caught.value.field == field and words in caught.value.message
    assert services.certificate_printing.active_template() == before  # nothing was saved
    with pytest.raises(ValidationError):  # the form checks early with the same function
        validate_template(bad)


def test_save_template_keeps_a_good_template_with_its_name_tidied(services) -> None:  # type: ignore[no-untyped-def]
    template = replace(
        services.certificate_printing.active_template(),
        name="  Mẫu   phôi A5 ",
        paper=PaperSize.A5,
        boxes=default_boxes(PaperSize.A5),
        offset_x_mm=-30,
        offset_y_mm=30,
    )
    saved = services.certificate_printing.save_template(template)
    assert saved.version == "2" and saved.name == "Mẫu phôi A5"
    assert services.certificate_printing.active_template() == saved


def test_printer_offsets_follow_the_same_limit(services) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.certificate_printing.save_printer_offset("Canon LBP", 0, 30.5)
    assert caught.value.field == "offset_y" and "Độ lệch dọc" in caught.value.message
    services.certificate_printing.save_printer_offset("Canon LBP", -30, 30)
    assert services.certificate_printing.printer_offsets() == {"Canon LBP": (-30.0, 30.0)}
