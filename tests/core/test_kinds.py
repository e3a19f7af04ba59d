"""Every kind of row is declared once (core/kinds.py), and every part that derives from
the declarations covers every kind: a model without a declaration, a declaration that
disagrees with its columns, or a kind left out of bundles, search or duplication fails
here."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Boolean, Date, Enum, Float, Integer, LargeBinary, String, Text, select

from briefing_app.core import kinds as K
from briefing_app.core import models as M
from briefing_app.core import search_schema
from briefing_app.core.database import Database, open_database
from briefing_app.core.enums import kind_label
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops import entities as ent
from briefing_app.core.ops import registry as reg
from briefing_app.core.ops.visits import duplicate_visit
from briefing_app.core.records import META_FIELDS, field_names
from briefing_app.core.validation import RULES, clean
from briefing_app.interop import bundle_schema
from briefing_app.interop.bundle_export import export_bundle
from briefing_app.interop.bundle_merge import import_bundle

ALL_MODELS = {m.class_ for m in M.Base.registry.mappers}


def test_every_model_is_declared_once():
    declared = [k.model for k in K.KINDS]
    assert len(declared) == len(set(declared)), "a model is declared twice"
    assert set(declared) == ALL_MODELS, "declare every model in core/kinds.py"
    assert len({k.name for k in K.KINDS}) == len(K.KINDS)


@pytest.mark.parametrize("kind", K.KINDS, ids=lambda k: k.name)
def test_declaration_agrees_with_its_columns(kind):
    assert K.problems(kind) == []
    own = [c.name for c in kind.table.columns if c.name not in K.BOOKKEEPING]
    assert list(kind.column_rules) == own, "every column has a rule, in column order"
    for name in kind.required:
        column = kind.table.c[name]
        assert not column.nullable and column.default is None


def test_a_disagreeing_declaration_is_reported():
    bad = K.Kind("venue", M.Venue, "venue", "venues", title_fields=("nmae",),
                 limits={"city": 300}, order=("town",))
    found = "\n".join(K.problems(bad))
    assert "'nmae', which is not a column" in found
    assert "'town', which is not a column" in found
    assert "venue.city: the rule allows 300 characters, the column holds 200" in found
    untyped = K.Kind("person", M.Person, "person", "people")  # sort_order has no range
    assert "sort_order: a whole number needs its range" in "\n".join(K.problems(untyped))


@pytest.mark.parametrize(("kind", "field"), [("visit", "host_country"), ("visit", "host_city"),
                                             ("venue", "city"), ("person", "country")])
def test_text_limits_are_the_column_lengths(kind, field):
    length = K.KIND[kind].table.c[field].type.length
    assert clean(kind, {field: "ж" * length}, partial=True)[field] == "ж" * length
    with pytest.raises(ValidationError, match=f"{field}: is too long .*at most {length}"):
        clean(kind, {field: "ж" * (length + 1)}, partial=True)


def test_records_are_the_columns():
    for kind in K.KINDS:
        if kind.record is not None:
            own = [c.name for c in kind.table.columns if c.name not in META_FIELDS]
            # then the fields kept in a companion row (a delegate's passport data)
            assert field_names(kind.record) == (*META_FIELDS, *own,
                                                *M.companion_fields(kind.model))
    assert M.companion_fields(M.Delegate) == ("date_of_birth", "passport_number",
                                              "passport_expiry")
    assert tuple(M.Row.__annotations__) == META_FIELDS


def test_the_registry_and_validation_serve_every_item_kind():
    items = {k.name for k in K.KINDS if k.item}
    assert set(reg.MODELS) == set(reg.RECORDS) == set(RULES) == set(ent._ORDER) == items
    assert reg.REFERENCES["event"] == {"venue_id": "venue", "arrival_venue_id": "venue"}


def test_one_label_function_names_every_kind():
    for kind in K.KINDS:
        if kind.search is not None:
            assert kind.label == kind_label(kind.name) == K.label(kind.name), kind.name
        assert K.label(kind.name) and "_" not in K.label(kind.name)
    assert K.label("agreement_version", capital=True) == "Agreement text"


def test_every_kind_travels_in_bundles_in_dependency_order():
    sections = (bundle_schema.VISIT, *bundle_schema.SECTIONS)
    assert {s.model for s in sections} == ALL_MODELS
    seen = {"visit"}
    for section in bundle_schema.SECTIONS:
        assert {r.target for r in section.refs} <= seen, f"{section.name} refers forward"
        seen.add(section.name)


def test_every_item_kind_is_searched_and_has_a_view():
    searched = {k.kind for k in search_schema.INDEXED}
    assert {k.name for k in K.KINDS if k.item} <= searched
    assert len({k.code for k in search_schema.INDEXED}) == len(search_schema.INDEXED)
    assert all(K.view_of(kind) for kind in searched)


def _normal(sql: str) -> str:
    return " ".join(sql.split())


def test_the_migrations_create_the_declared_search_index(db_path):
    """A migration is frozen; the declarations must still produce what it made."""
    open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        stored = {name: _normal(sql) for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'table') "
            "AND (name LIKE 'search_index%' OR type = 'trigger')")}
    conn.close()
    declared = {}
    for stmt in search_schema.create_statements():
        words = stmt.split()
        declared[words[2] if words[1] in ("TRIGGER", "TABLE") else words[3]] = _normal(stmt)
    assert {n: s for n, s in stored.items() if n in declared} == declared
    assert set(declared) <= set(stored)


# --- a visit with one row of every kind, its values drawn by Hypothesis ------------------

_TZ = "Asia/Almaty"
_NAMES = st.sampled_from(["Тоқаев", "习近平", "Қасым-Жомарт", "Ли Цян", "Astana", "x"])
_TEXT = st.one_of(_NAMES, st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                                  min_size=1, max_size=12))


def _candidates(kind: K.Kind, column: Any, index: int, draw: Any) -> list[Any]:
    t = column.type
    if isinstance(t, Enum) and t.enum_class is not None:
        # then every member: a rule may refuse some (passport data below restricted)
        return [draw(st.sampled_from(list(t.enum_class))), *t.enum_class]
    if isinstance(t, M.UTCDateTime):
        return [datetime(2024, 5, 1, 6, tzinfo=UTC) + timedelta(hours=index)]
    if isinstance(t, String | Text):
        # "" last: a text column holding a code (events.prior_status) may be empty
        return [draw(_TEXT), "Тоқаев 习近平", _TZ, ""]
    if isinstance(t, Boolean):
        return [draw(st.booleans())]
    if isinstance(t, Integer):
        return [1, 0, 100]  # 100: a rate with a floor (speech words per minute)
    if isinstance(t, Float):
        # 1.0 for a ranged measure (a table's length in metres)
        return [draw(st.floats(-1e6, 1e6, allow_nan=False)), 1.0, None]
    if isinstance(t, Date):
        return [date(2024, 5, 1) + timedelta(days=index)]
    if isinstance(t, LargeBinary):
        return [None]
    raise AssertionError(f"no test value for {kind.name}.{column.name}")


def _values(kind: K.Kind, ids: dict[str, int], draw: Any) -> dict[str, Any]:
    """Valid values for every column of `kind`, chosen by its own rules."""
    out: dict[str, Any] = {}
    if kind.owned_by_visit:
        out["visit_id"] = ids["visit"]
    for index, (name, rule) in enumerate(kind.column_rules.items()):
        if name in kind.references:
            target = kind.references[name]
            out[name] = ids.get(target)  # the visit's principal is set once people exist
            continue
        for candidate in _candidates(kind, kind.table.c[name], index, draw):
            try:
                out[name] = rule(name, candidate)
                break
            except ValidationError:
                continue
        else:
            raise AssertionError(f"no valid test value for {kind.name}.{name}")
    return out


def one_of_every_kind(db: Database, draw: Any) -> int:
    """A visit holding one row of every declared kind; returns the visit's id."""
    ids: dict[str, int] = {}
    with db.write() as s:
        for kind in K.KINDS:
            obj = kind.model(**_values(kind, ids, draw))
            s.add(obj)
            s.flush()
            ids[kind.name] = obj.id
        s.get(M.Visit, ids["visit"]).principal_id = ids["person"]
    return ids["visit"]


def _snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, references as UUIDs, without local ids and versions."""
    out = {}
    with db.read() as s:
        uuids = {k.table.name: dict(s.execute(select(k.table.c.id, k.table.c.uuid)).all())
                 for k in K.KINDS}
        for kind in K.KINDS:
            rows = []
            for row in s.execute(select(kind.table)).mappings():
                values = []
                for column in kind.table.columns:
                    value = row[column.name]
                    if column.name in ("id", "row_version"):
                        continue
                    for fk in column.foreign_keys:
                        value = uuids[fk.column.table.name].get(value)
                    values.append(value)
                rows.append(tuple(values))
            out[kind.name] = sorted(rows, key=repr)
    return out


def _fresh(folder: Path, name: str) -> Database:
    return open_database(folder / name)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_bundle_round_trip_keeps_every_row_of_every_kind(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = _fresh(folder, "source.sqlite")
        target = _fresh(folder, "target.sqlite")
        try:
            visit_id = one_of_every_kind(source, data.draw)
            before = _snapshot(source)
            assert all(len(rows) == 1 for rows in before.values()), before
            path = export_bundle(source, visit_id, folder / "visit.json").path
            import_bundle(target, path, backup=False)
            assert _snapshot(target) == before
        finally:
            source.close()
            target.close()


def _rows_in(s: Any, kind: K.Kind, visit_id: int) -> list[Any]:
    model = kind.model
    if kind.name == "visit":
        return [s.get(model, visit_id)]
    if kind.owned_by_visit:
        return list(s.scalars(select(model).where(model.visit_id == visit_id)))
    column, target = next(iter(kind.references.items()))
    owner = K.KIND[target].model
    owners = select(owner.id).where(owner.visit_id == visit_id)
    return list(s.scalars(select(model).where(getattr(model, column).in_(owners))))


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_duplicate_visit_copies_every_kind_by_its_policy(data):
    with tempfile.TemporaryDirectory() as tmp:
        db = _fresh(Path(tmp), "visit.sqlite")
        try:
            old_id = one_of_every_kind(db, data.draw)
            new = duplicate_visit(db, old_id, "Next visit", "2025-05-01")
            copied: set[str] = {"visit"}  # kinds whose one row was copied
            with db.read() as s:
                for kind in K.KINDS[1:]:
                    (row,) = _rows_in(s, kind, old_id)
                    skipped = any(getattr(row, c) == v for c, v in kind.copy.skip.items())
                    needs = {t for c, t in kind.references.items()
                             if not kind.table.c[c].nullable}
                    expect = kind.copy.mode != "none" and not skipped and needs <= copied
                    rows = _rows_in(s, kind, new.id)
                    assert len(rows) == int(expect), f"{kind.name}: {kind.copy}"
                    if expect:
                        copied.add(kind.name)
                        for column, value in kind.copy.reset.items():
                            assert getattr(rows[0], column) == value
            assert ent.get(db, "visit", new.id).principal_id is not None
        finally:
            db.close()
