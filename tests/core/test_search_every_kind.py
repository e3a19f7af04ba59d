"""Every kind core/kinds.py declares searchable is found by its title, on either back
end (BRIEFING_TEST_BACKEND): the protocol office's kinds (10–15) as much as the first
ones, so a kind whose triggers or index text a migration forgot fails here."""

from __future__ import annotations

import pytest

from briefing_app.core import search_pg
from briefing_app.core.search import search
from briefing_app.core.search_schema import INDEXED, doc_select


def _first_title(db, kind) -> tuple[int, str]:
    marks = "%s" if db.write_engine.dialect.name == "postgresql" else "?"
    with db.read() as s:
        conn = s.connection()
        row_id = conn.exec_driver_sql(f"SELECT min(id) FROM {kind.table}").scalar()
        assert row_id is not None, f"the demo has no {kind.kind}"
        row = conn.exec_driver_sql(doc_select(kind).format(marks=marks), (row_id,)).one()
    return row_id, row[2]


@pytest.mark.parametrize("kind", INDEXED, ids=[k.kind for k in INDEXED])
def test_each_indexed_kind_is_found_by_its_title(demo_db, kind):
    row_id, title = _first_title(demo_db, kind)
    words = [w for w in search_pg.tokens(title) if len(w) >= 2]
    assert words, f"{kind.kind} {row_id} has no searchable title: {title!r}"
    hits = search(demo_db, " ".join(words[:4]))
    assert (kind.kind, row_id) in {(h.kind, h.row_id) for h in hits}, (kind.kind, title)


def test_a_renamed_gift_is_found_by_its_new_name_only(demo_db):
    gift = next(k for k in INDEXED if k.kind == "gift")
    row_id, old = _first_title(demo_db, gift)
    with demo_db.write() as s:
        s.connection().exec_driver_sql(
            "UPDATE gifts SET description = 'Домбыра 习近平 Zhetysu' WHERE id = "
            + str(row_id))
    hits = {(h.kind, h.row_id) for h in search(demo_db, "Zhetysu 习近平")}
    assert ("gift", row_id) in hits
    assert ("gift", row_id) not in {(h.kind, h.row_id) for h in search(demo_db, old)}
