"""Who issues a document, as its heading prints it: the one place that turns the centre's identity into the
top-left lines of every PDF and the title rows of every workbook (no ReportLab here: the Excel exports use
it without loading the PDF renderers)."""

from __future__ import annotations

from trungtam_desktop.domain.models import CentreIdentity
from trungtam_desktop.domain.vietnamese import clean_text


def issuer_lines(centre: CentreIdentity) -> tuple[str, str]:
    """The parent body over the centre, in capitals: ("HUYỆN ỦY ĐỨC TRỌNG", "TRUNG TÂM CHÍNH TRỊ")."""
    return clean_text(centre.parent_body).upper(), clean_text(centre.centre_name).upper()
