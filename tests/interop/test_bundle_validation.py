"""Every refusal names the field path and the reason, and leaves the file untouched."""

from __future__ import annotations

import copy
import json
import time

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.errors import ValidationError
from briefing_app.interop import bundle_read
from briefing_app.interop.bundle_merge import import_bundle

from .helpers import db_files_hash, tiny_png


@pytest.fixture(scope="module")
def good(demo_bundle):
    """A valid bundle of the demo visit, as parsed JSON (tests/interop/conftest.py)."""
    return demo_bundle


def _set(data, path, value):
    *parents, last = path
    for key in parents:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()

# (case id, edits [(path, value)], expected field path, fragment of the reason)
CASES = [
    ("unknown version", [(("format_version",), 2)], "format_version", "not supported"),
    ("version as text", [(("format_version",), "1")], "format_version", "whole number"),
    ("not a bundle", [(("format",), "something else")], "format", "not a Briefing App"),
    ("unknown top key", [(("extras",), [])], "extras", "not a part"),
    ("wrong type", [(("events", 3, "title"), 42)], "events[3].title", "must be text"),
    ("list expected", [(("events",), {"a": 1})], "events", "must be a list"),
    ("row not object", [(("people", 1), "Xi")], "people[1]", "must be an object"),
    ("invalid tz", [(("events", 3, "tz"), "Asia/Atlantis")], "events[3].tz", "unknown time zone"),
    ("path-like tz", [(("venues", 0, "tz"), "../../etc/passwd")], "venues[0].tz", "not an IANA"),
    ("end before start", [(("events", 2, "ends_at"), "2019-09-01T00:00:00+00:00")],
     "events[2].ends_at", "ends before it starts"),
    ("visit ends before it starts", [(("visit", "end_date"), "2019-01-01")],
     "visit.end_date", "ends before it starts"),
    ("naive instant", [(("events", 1, "starts_at"), "2019-09-11T10:00:00")],
     "events[1].starts_at", "UTC offset"),
    ("dangling venue", [(("events", 4, "venue"), "7d2a2f1c-1111-4c3b-9d1e-2a9b3c4d5e6f")],
     "events[4].venue", "not among the bundle's venues"),
    ("dangling principal", [(("visit", "principal"), "7d2a2f1c-1111-4c3b-9d1e-2a9b3c4d5e6f")],
     "visit.principal", "not among the bundle's people"),
    ("missing link end", [(("participations", 0, "person"), None)],
     "participations[0].person", "is required"),
    ("bad uuid", [(("facts", 0, "uuid"), "not-a-uuid")], "facts[0].uuid", "UUID"),
    ("braced uuid", [(("facts", 0, "uuid"), "{7d2a2f1c-1111-4c3b-9d1e-2a9b3c4d}")],
     "facts[0].uuid", "must be a UUID"),
    ("missing field", [(("people", 2, "biography"), _DELETE)], "people[2].biography", "missing"),
    ("unknown field", [(("people", 2, "salary"), 1)], "people[2].salary", "not a field"),
    ("bad enum", [(("events", 0, "event_type"), "party")], "events[0].event_type", "not one of"),
    ("bool for int", [(("talking_points", 0, "priority"), True)],
     "talking_points[0].priority", "whole number"),
    ("too long title", [(("events", 0, "title"), "x" * 301)], "events[0].title", "too long"),
    ("control char", [(("facts", 1, "source"), "a\x07b")], "facts[1].source", "control character"),
    ("future stamp", [(("venues", 1, "updated_at"), "2999-01-01T00:00:00+00:00")],
     "venues[1].updated_at", "year 2999 is out of range"),
    ("near future stamp", [(("venues", 1, "updated_at"), "2190-01-01T00:00:00+00:00")],
     "venues[1].updated_at", "in the future"),
    ("bad photo base64", [(("people", 0, "photo"), "@@@"), (("people", 0, "photo_mime"), "image/png")],
     "people[0].photo", "base64"),
    ("photo not an image", [(("people", 0, "photo"), "aGVsbG8="),
                            (("people", 0, "photo_mime"), "image/png")],
     "people[0].photo", "not a image/png"),
    ("photo type", [(("people", 0, "photo"), "aGVsbG8="), (("people", 0, "photo_mime"), "text/html")],
     "people[0].photo_mime", "PNG or JPEG"),
    ("number as string where int", [(("agreements", 0, "signing_order"), 1.5)],
     "agreements[0].signing_order", "whole number"),
]


@pytest.mark.parametrize("edits,field,reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_with_path_and_reason(good, edits, field, reason):
    data = copy.deepcopy(good)
    for path, value in edits:
        _set(data, path, value)
    with pytest.raises(ValidationError) as err:
        bundle_read.parse_bundle(json.dumps(data, ensure_ascii=False).encode())
    assert err.value.field == field
    assert reason in err.value.reason


def test_duplicate_uuid_in_a_section(good):
    data = copy.deepcopy(good)
    data["facts"][3]["uuid"] = data["facts"][1]["uuid"]
    with pytest.raises(ValidationError, match=r"facts\[3\]\.uuid: is the same as facts\[1\]"):
        bundle_read.parse_bundle(json.dumps(data).encode())


def test_same_link_twice(good):
    data = copy.deepcopy(good)
    twin = dict(data["participations"][0], uuid="7d2a2f1c-1111-4c3b-9d1e-2a9b3c4d5e6f")
    data["participations"].append(twin)
    with pytest.raises(ValidationError, match="repeats participations"):
        bundle_read.parse_bundle(json.dumps(data).encode())


def test_uppercase_uuids_are_read_as_the_same_uuid(good):
    data = copy.deepcopy(good)
    data["facts"][0]["uuid"] = data["facts"][0]["uuid"].upper()
    bundle = bundle_read.parse_bundle(json.dumps(data).encode())
    assert bundle.sections["facts"][0].uuid == good["facts"][0]["uuid"]


def test_valid_photo_is_accepted(good):
    import base64

    data = copy.deepcopy(good)
    data["people"][0]["photo"] = base64.b64encode(tiny_png()).decode()
    data["people"][0]["photo_mime"] = "image/png"
    bundle = bundle_read.parse_bundle(json.dumps(data).encode())
    assert bundle.sections["people"][0].values["photo"] == tiny_png()


RAW_CASES = [
    ("NaN", lambda t: t.replace('"fact_stale_days": 365', '"fact_stale_days": NaN'),
     "visit.fact_stale_days", "NaN"),
    ("Infinity", lambda t: t.replace('"fact_stale_days": 365', '"fact_stale_days": -Infinity'),
     "visit.fact_stale_days", "-Infinity"),
    ("overflowing float", lambda t: t.replace('"fact_stale_days": 365', '"fact_stale_days": 1e999'),
     "visit.fact_stale_days", "too large"),
    ("huge integer", lambda t: t.replace('"fact_stale_days": 365', '"fact_stale_days": ' + "9" * 50_000),
     "visit.fact_stale_days", "digits"),
    ("duplicate key", lambda t: t.replace('"home_tz":', '"home_tz": "UTC", "home_tz":', 1),
     "visit.home_tz", "twice"),
    ("lone surrogate", lambda t: t.replace('"home_tz":', '"home_tz": "\\udc80", "x":', 1),
     "visit.home_tz", "lone surrogate"),
    ("escaped NUL", lambda t: t.replace('"home_tz":', '"home_tz": "a\\u0000b", "x":', 1),
     "visit.home_tz", "NUL"),
]


@pytest.mark.parametrize("edit,field,reason", [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES])
def test_refused_at_the_json_level_with_path(good, edit, field, reason):
    text = edit(json.dumps(good, ensure_ascii=False, indent=1).replace('": ', '": '))
    with pytest.raises(ValidationError) as err:
        bundle_read.parse_bundle(text.encode("utf-8"))
    assert (err.value.field, reason in err.value.reason) == (field, True), str(err.value)


@pytest.mark.parametrize("payload,reason", [
    (b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested more than"),
    (b"\xff\xfe{}", "not valid UTF-8"),
    (b'{"format": "briefing-app-visit-bundle", "format_version": 1, "visit": {}', "not valid JSON"),
    (b"", "not valid JSON"),
    (b"[]", "must be a JSON object"),
    (b'{"format": "briefing-app-visit-bundle"}\x00', "not valid JSON"),
    (b'"\xed\xa0\x80"', "not valid UTF-8"),  # a surrogate encoded in UTF-8 bytes
])
def test_whole_file_refusals_are_quick_and_clear(payload, reason):
    started = time.process_time()
    with pytest.raises(ValidationError) as err:
        bundle_read.parse_bundle(payload)
    assert err.value.field == "bundle"
    assert reason in err.value.reason
    assert time.process_time() - started < 2


def test_size_cap_is_checked_before_reading_everything(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_read, "MAX_BUNDLE_BYTES", 1_000)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5_000)
    with pytest.raises(ValidationError, match="too large"):
        bundle_read.read_bundle_file(path)


def test_refused_bundle_leaves_the_database_byte_for_byte(good, demo_db_path, tmp_path):
    data = copy.deepcopy(good)
    data["events"][-1]["tz"] = "Mars/Olympus_Mons"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    open_database(demo_db_path).close()  # opening alone may switch the file to WAL mode
    before = db_files_hash(demo_db_path)
    db = open_database(demo_db_path)
    with pytest.raises(ValidationError, match=r"events\[16\]\.tz"):
        import_bundle(db, bad)
    db.close()
    assert db_files_hash(demo_db_path) == before
    assert not (demo_db_path.parent / "demo-backups").exists(), "no backup for a refused file"


def test_missing_file_and_folder_are_clear(tmp_path, db):
    from briefing_app.core.errors import BriefingError

    with pytest.raises(BriefingError, match="no such file"):
        import_bundle(db, tmp_path / "absent.json")
    with pytest.raises(BriefingError, match="is a folder"):
        import_bundle(db, tmp_path)
