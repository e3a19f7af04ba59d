"""Every hostile string and file through bundle import: stored literally or refused by
name, never a crash, hang, file read, connection or half-written database."""

from __future__ import annotations

import copy
import json
import shutil
import time
from pathlib import Path

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.errors import ValidationError
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import import_bundle

from .corpus import deep_json, deep_objects, huge_numbers, png_bomb, strings
from .guards import db_files_hash

# (section, index, field, longest text the form accepts, one line?): short and long fields.
TARGETS = [
    ("visit", None, "title", 300, True),
    ("events", 0, "title", 300, True),
    ("event_briefs", 1, "background_nfd", 100_000, False),
    ("people", 0, "native_name", 300, True),
    ("people", 1, "biography", 100_000, False),
    ("talking_points", 0, "text", 100_000, False),
    ("facts", 0, "source", 2_000, False),
    ("agreements", 0, "notes", 100_000, False),
    ("agreement_versions", 0, "text", 2_000_000, False),
    ("agreement_status_changes", 0, "note", 2_000, False),
]


@pytest.fixture(scope="module")
def good(tmp_path_factory, _template_demo_db):
    path = tmp_path_factory.mktemp("good") / "demo.sqlite"
    shutil.copy(_template_demo_db, path)
    db = open_database(path)
    data = bundle_dict(db, list_visits(db)[0].id)
    db.close()
    return json.loads(json.dumps(data))


def _row(data, section, index):
    return data[section] if index is None else data[section][index]


def _import(db_path: Path, payload: bytes, tmp_path: Path):
    bundle = tmp_path / "hostile.json"
    bundle.write_bytes(payload)
    db = open_database(db_path)
    try:
        return import_bundle(db, bundle)
    finally:
        db.close()


@pytest.mark.parametrize("name", [h.name for h in strings(Path("/s"), 1, Path("/m"))])
def test_hostile_string_through_bundle_import(name, good, corpus, db_path, tmp_path, witness):
    item = next(h for h in corpus if h.name == name)
    data = copy.deepcopy(good)
    targets = [t for t in TARGETS if len(item.text) <= t[3]]
    for section, i, field, _, _ in targets:
        _row(data, section, i)[field] = item.text
    # ensure_ascii keeps lone surrogates as \\udXXX escapes, as a hostile writer would
    payload = json.dumps(data, ensure_ascii=True).encode("ascii")
    open_database(db_path).close()
    before = db_files_hash(db_path)
    started = time.process_time()
    if item.outcome == "refused":
        with pytest.raises(ValidationError) as err:
            _import(db_path, payload, tmp_path)
        first = targets[0]
        where = first[0] if first[1] is None else f"{first[0]}[{first[1]}]"
        assert err.value.field == f"{where}.{first[2]}", str(err.value)
        assert db_files_hash(db_path) == before, "a refused import changed the database"
    else:
        summary = _import(db_path, payload, tmp_path)
        assert summary.visit_created
        stored = bundle_dict_of(db_path)
        for section, i, field, _, one_line in targets:
            expected = " ".join(item.text.split()) if one_line else item.text
            assert _row(stored, section, i)[field] == expected, (section, field)
    assert time.process_time() - started < 10


def bundle_dict_of(db_path: Path):
    db = open_database(db_path)
    try:
        return bundle_dict(db, list_visits(db)[0].id)
    finally:
        db.close()


def test_long_word_in_a_title_is_refused_by_name(good, db_path, tmp_path, witness):
    data = copy.deepcopy(good)
    data["events"][5]["title"] = "W" * 20_000
    with pytest.raises(ValidationError, match=r"events\[5\]\.title: is too long \(20,000"):
        _import(db_path, json.dumps(data).encode(), tmp_path)


@pytest.mark.parametrize("number", huge_numbers(), ids=lambda b: b[:12].decode())
@pytest.mark.parametrize("where", ["visit.fact_stale_days", "facts[0].value"])
def test_huge_numbers_are_refused_with_their_path(good, db_path, tmp_path, witness, number, where):
    data = copy.deepcopy(good)
    placeholder = 12345.678901
    if where.startswith("visit"):
        data["visit"]["fact_stale_days"] = placeholder
    else:
        data["facts"][0]["value"] = placeholder
    payload = json.dumps(data).encode().replace(b"12345.678901", number, 1)
    open_database(db_path).close()
    before = db_files_hash(db_path)
    started = time.process_time()
    with pytest.raises(ValidationError) as err:
        _import(db_path, payload, tmp_path)
    assert err.value.field == where
    assert time.process_time() - started < 5
    assert db_files_hash(db_path) == before


def test_large_but_finite_fact_value_is_refused_by_the_form_rule(good, db_path, tmp_path, witness):
    data = copy.deepcopy(good)
    data["facts"][2]["value"] = 1e300
    with pytest.raises(ValidationError, match=r"facts\[2\]\.value: is too large"):
        _import(db_path, json.dumps(data).encode(), tmp_path)


@pytest.mark.parametrize("make", [deep_json, deep_objects])
def test_deep_nesting_alone_and_inside_a_bundle(good, db_path, tmp_path, witness, make):
    started = time.process_time()
    with pytest.raises(ValidationError, match="nested more than"):
        _import(db_path, make(), tmp_path)
    data = copy.deepcopy(good)
    data["visit"]["notes"] = "PLACEHOLDER"
    payload = json.dumps(data).encode().replace(b'"PLACEHOLDER"', make(), 1)
    with pytest.raises(ValidationError, match="nested more than"):
        _import(db_path, payload, tmp_path)
    assert time.process_time() - started < 5


@pytest.mark.parametrize("raw,reason", [
    (b'"broken \\ud800 text"', "lone surrogate"),
    (b'"\\udfff\\ud800"', "lone surrogate"),
    (b'"\xed\xa0\x80"', "not valid UTF-8"),
    (b'"nul\x00inside"', "not valid JSON"),
    (b'"nul \\u0000 escaped"', "NUL"),
])
def test_lone_surrogates_and_nul_in_json(good, db_path, tmp_path, witness, raw, reason):
    data = copy.deepcopy(good)
    data["people"][3]["biography"] = "PLACEHOLDER"
    payload = json.dumps(data).encode().replace(b'"PLACEHOLDER"', raw, 1)
    with pytest.raises(ValidationError) as err:
        _import(db_path, payload, tmp_path)
    assert reason in err.value.reason


def test_photo_bomb_is_stored_as_data_and_never_decoded_on_import(good, db_path, tmp_path, witness):
    import base64

    data = copy.deepcopy(good)
    data["people"][0]["photo"] = base64.b64encode(png_bomb()).decode()
    data["people"][0]["photo_mime"] = "image/png"
    started = time.process_time()
    summary = _import(db_path, json.dumps(data).encode(), tmp_path)
    assert summary.counts["people"].added == len(data["people"])
    assert time.process_time() - started < 5
