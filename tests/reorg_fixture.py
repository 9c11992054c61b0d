"""The report fixture (tests/report_fixture.py) placed in communes, with CCCDs and chi bộ, for issue 21.

Service areas: from 01/01/2020 district level serving Xã Hiệp Thạnh, Xã Liên Nghĩa and Xã Tân Hội; from
01/08/2024 (still district level) serving Xã Hiệp Thạnh and Xã Tân Hội mới.

Classes: A held at "Hiệp Thạnh", B at the centre (""), C at "Xã Liên Nghĩa", D at "Xã Tân Hội mới".
Learners (commune, CCCD, chi bộ):

* X1 Nguyễn Văn Hải   Xã Hiệp Thạnh   001090000001  Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh
* X2 Hoàng Thị Lan    hiep thanh      001070000002  Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh
* X3 Lê Thị Mai       Xã Liên Nghĩa   (none)        Chi bộ thôn 1
* X4 Y Bhim Niê       Xã Nơi Khác     066000000004  Chi bộ buôn Ea Tiêu
* X5 Trần Văn Tư      (none)          (none)

Known answers, quý III 2024 by end date (classes A and B; places A: X1 X2 X3, B: X1 X4 — X5 withdrew):
Xã Hiệp Thạnh 1 class, 3 places; Xã Tân Hội mới 0, 0; Xã Liên Nghĩa 0 classes, 1 place (list until
31/07/2024); Xã Tân Hội 0, 0 (until 31/07/2024); at the centre 1 class; outside the area 1 place; no
commune 0 places. Totals 2 classes, 5 places, as the period report's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from tests.report_fixture import build_report_database
from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.organisation import CentreLevel, ServiceArea
from trungtam_desktop.services.bundle import Services

AREAS = [
    ServiceArea(date(2020, 1, 1), CentreLevel.DISTRICT, ("Xã Hiệp Thạnh", "Xã Liên Nghĩa", "Xã Tân Hội")),
    ServiceArea(date(2024, 8, 1), CentreLevel.DISTRICT, ("Xã Hiệp Thạnh", "Xã Tân Hội mới")),
]
PEOPLE = {
    "X1": ("Xã Hiệp Thạnh", "001090000001", "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh"),
    "X2": ("hiep thanh", "001070000002", "Chi bộ thôn 3, Đảng bộ xã Hiệp Thạnh"),
    "X3": ("Xã Liên Nghĩa", None, "Chi bộ thôn 1"),
    "X4": ("Xã Nơi Khác", "066000000004", "Chi bộ buôn Ea Tiêu"),
    "X5": ("", None, ""),
}
CLASS_COMMUNES = {"A": "Hiệp Thạnh", "B": "", "C": "Xã Liên Nghĩa", "D": "Xã Tân Hội mới"}


def build_reorg_database(services: Services) -> dict[str, int]:
    ids = build_report_database(services.context.database)
    with services.context.database.write_sessions.begin() as session:
        for key, (commune, cccd, cell) in PEOPLE.items():
            session.execute(
                update(orm.Learner)
                .where(orm.Learner.id == ids[key])
                .values(commune=commune, cccd=cccd, party_cell=cell)
            )
        for key, commune in CLASS_COMMUNES.items():
            session.execute(
                update(orm.TrainingClass).where(orm.TrainingClass.id == ids[key]).values(commune=commune)
            )
    services.organisation.save_areas(AREAS)
    return ids
