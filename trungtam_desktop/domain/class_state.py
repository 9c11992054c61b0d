"""A class's state, one home for each rule (DESIGN rule 12): has it ended, and what its locked results refuse.

"Ended" is two facts, kept apart on purpose:

* **by the calendar** (:func:`ended_by_date`): the class's last day has come. Issuing asks this (a class not
  ended is certified only in advance, with a reason), and closing a class warns when it has not.
* **by its recorded status** (:func:`ended_status`): the clerk has marked it finished (Đã kết thúc) or closed
  (Đã đóng). A roster then says "Đã học hết khóa", and reports and training records count its learners as
  having completed the course: only what the clerk has recorded as done is reported as done.
"""

from __future__ import annotations

from datetime import date

from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.domain.errors import ConflictError

ENDED_STATUSES: tuple[ClassStatus, ...] = (ClassStatus.FINISHED, ClassStatus.CLOSED)


def ended_by_date(class_end: date, today: date) -> bool:
    """Has the class's last day come (``today`` from the injected clock)?"""
    return today >= class_end


def ended_status(status: ClassStatus | str) -> bool:
    """Is the class recorded as finished or closed?"""
    return ClassStatus(status) in ENDED_STATUSES


def check_unlocked(locked: bool, code: str, name: str) -> None:
    """The one refusal of a change to a class whose results are locked (final)."""
    if locked:
        raise ConflictError(
            f"Lớp “{code} – {name}” đã khóa kết quả; hãy mở khóa (ghi rõ lý do) trước khi sửa."
        )
