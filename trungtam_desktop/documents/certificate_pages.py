"""Fingerprints of certificate pages: a SHA-256 of each page that is the same whether the page was printed
alone or among a thousand others, so that the first printing of a batch can fingerprint every certificate
from the one rendering it already makes, and a later reprint (alone or in any batch) can be checked
against it.

A page's bytes in a PDF depend on the pages before it in one way only: ReportLab gives each character of a
TrueType font its code in the embedded subset in the order the document first uses it, and names each font
("F1", "F2") in the order of first use. :class:`PageFingerprints` fixes both before the first page: it
touches the document's fonts in a fixed order and assigns every Vietnamese letter, capital and small, with
every tone mark, and the usual typographic signs, so that a page made of those characters is written with
the same bytes anywhere. The fingerprint is the SHA-256 of the page's content stream together with what
every page shares (the page size, the fonts and their fixed characters, the forms such as the border).

A page that uses a character outside that set (a foreign letter in a name) gives that character a code
that depends on the document: that page is still written as it would be alone, but after it the batch
cannot vouch for its pages, and their fingerprints are left to a rendering alone (``None`` here).
Reaching into ``Canvas._code`` and the fonts' per-document state is ReportLab internals (stable for many
years; pinned in pyproject.toml): the tests compare a page printed alone with the same page in a batch.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

SCHEME = b"trungtam-certificate-page/1\n"  # changes when what a fingerprint covers changes
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
_SIGNS = "–—“”‘’…·−×°«»"


def _fixed_characters() -> str:
    letters = {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES}
    letters |= {"đ"}
    both = letters | {letter.upper() for letter in letters}
    non_ascii = sorted(ch for ch in both if ord(ch) > 127)
    return "".join(non_ascii) + _SIGNS


FIXED_CHARACTERS = _fixed_characters()


class PageFingerprints:
    """Fix the fonts' codes on a fresh canvas, then fingerprint each page just before ``showPage``."""

    def __init__(self, canvas: Canvas, fonts: Sequence[str]) -> None:
        self._canvas = canvas
        self._doc = canvas._doc
        self._fonts = [pdfmetrics.getFont(name) for name in dict.fromkeys(fonts)]
        for font in self._fonts:
            font.splitString(FIXED_CHARACTERS, self._doc)
            font.getSubsetInternalName(0, self._doc)
        self._sizes = self._state()
        self._context = hashlib.sha256(SCHEME)
        self._context.update(repr((canvas._pagesize, [f.fontName for f in self._fonts])).encode())
        self._tainted = False
        self.digests: list[str | None] = []

    def _state(self) -> tuple[int, ...]:
        states = (getattr(font, "state", {}).get(self._doc) for font in self._fonts)
        return (len(self._doc.fontMapping), *(len(s.assignments) if s else 0 for s in states))

    def add_shared(self, code: Sequence[str]) -> None:
        """Count the operators of something every page shares (a form) into every page's fingerprint."""
        self._context.update("\n".join(code).encode("utf-8"))

    def page_done(self) -> None:
        """Fingerprint the page drawn so far (call it just before ``canvas.showPage()``)."""
        if self._tainted:  # an earlier page brought in a character or font outside the fixed set
            self.digests.append(None)
            return
        digest = self._context.copy()
        digest.update(b"\npage\n")
        digest.update("\n".join(self._canvas._code).encode("utf-8"))
        self.digests.append(digest.hexdigest())
        # This page's own new characters got the codes they get when it is printed alone; the pages after
        # it would not.
        self._tainted = self._state() != self._sizes
