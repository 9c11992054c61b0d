"""The one place the centre's identity is read from the database (DESIGN rule 12).

A new database holds none: the first-run setup (or Cài đặt) writes it. Until then the program shows the
blank identity and every document prints dotted blanks (``CentreIdentity.printed``), never a place name.
"""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.models import CentreIdentity, Deputy


def _deputies(text: str | None) -> tuple[Deputy, ...]:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(
        Deputy(str(item.get("name", "")), str(item.get("title", "")))
        for item in items
        if isinstance(item, dict)
    )


def stored_centre(session: Session) -> CentreIdentity | None:
    """The identity the clerk set, or None when the centre has not been set up yet."""
    row = session.get(orm.Centre, 1)
    if row is None:
        return None
    return CentreIdentity(
        parent_body=row.parent_body,
        centre_name=row.centre_name,
        place_name=row.place_name,
        director_name=row.director_name,
        director_title=row.director_title,
        document_code=row.document_code,
        deputies=_deputies(row.deputies),
    )


def current_centre(session: Session) -> CentreIdentity:
    """The identity to show and edit: the stored one, or the blank one of a centre not yet set up."""
    return stored_centre(session) or CentreIdentity()


def printed_centre(session: Session) -> CentreIdentity:
    """The identity documents print: dotted blanks where nothing was set."""
    return current_centre(session).printed()


def row_values(identity: CentreIdentity) -> dict[str, object]:
    """The ``centre`` row's columns for ``identity`` (also what the audit trail compares)."""
    return {
        "parent_body": identity.parent_body,
        "centre_name": identity.centre_name,
        "place_name": identity.place_name,
        "director_name": identity.director_name,
        "director_title": identity.director_title,
        "document_code": identity.document_code,
        "deputies": json.dumps(
            [{"name": d.name, "title": d.title} for d in identity.deputies], ensure_ascii=False
        ),
    }


def write_centre(session: Session, identity: CentreIdentity) -> dict[str, object]:
    """Insert or update the one ``centre`` row; returns the values it held before ({} when none)."""
    row = session.get(orm.Centre, 1)
    values = row_values(identity)
    if row is None:
        session.add(orm.Centre(id=1, **values))
        return {}
    before = {name: getattr(row, name) for name in values}
    for name, value in values.items():
        setattr(row, name, value)
    return before
