"""Facts about a rendered PDF that the command line and the self-test report, without a PDF library.

The renderers' ReportLab output keeps its object dictionaries uncompressed (only page contents are
compressed), so each page is a ``/Type /Page`` dictionary that can be counted in the bytes.
"""

from __future__ import annotations

import re

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF made by the renderers of this package."""
    return len(_PAGE.findall(pdf))
