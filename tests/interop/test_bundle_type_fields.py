"""The type fields in bundles: written as `visit_type`, `event_type`, `point_type` and
`agreement_type` (0012_type_columns); a bundle from an older app, which called each of
them `kind`, still imports the same, and a refusal names the field as that bundle wrote it."""

from __future__ import annotations

import json

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.interop import bundle_read

RENAMED = {"visit": "visit_type", "events": "event_type", "talking_points": "point_type",
           "agreements": "agreement_type"}


@pytest.fixture(scope="module")
def bundle(demo_bundle):
    """The demo's bundle (tests/interop/conftest.py)."""
    return demo_bundle


def _rows(data: dict, section: str) -> list[dict]:
    return [data[section]] if section == "visit" else data[section]


def _as_older_app(data: dict) -> dict:
    old = json.loads(json.dumps(data))
    for section, field in RENAMED.items():
        for row in _rows(old, section):
            row["kind"] = row.pop(field)
    return old


def _types(parsed: bundle_read.Bundle) -> dict[str, list[str]]:
    out = {"visit": [str(parsed.visit.values["visit_type"])]}
    for section, field in RENAMED.items():
        if section != "visit":
            out[section] = [str(r.values[field]) for r in parsed.sections[section]]
    return out


def test_a_bundle_writes_the_new_names(bundle):
    for section, field in RENAMED.items():
        rows = _rows(bundle, section)
        assert rows and all(field in r and "kind" not in r for r in rows), section
    assert {e["event_type"] for e in bundle["events"]} >= {"talks", "flight"}


def test_an_older_apps_bundle_reads_the_same(bundle):
    new = bundle_read.parse_bundle(json.dumps(bundle, ensure_ascii=False).encode())
    old = bundle_read.parse_bundle(json.dumps(_as_older_app(bundle), ensure_ascii=False).encode())
    assert _types(old) == _types(new)
    assert old.sections["events"][0].values == new.sections["events"][0].values


@pytest.mark.parametrize("section", ["visit", "events", "talking_points", "agreements"])
def test_a_bad_old_kind_is_named_as_the_bundle_wrote_it(bundle, section):
    old = _as_older_app(bundle)
    _rows(old, section)[0]["kind"] = "holiday"
    where = "visit" if section == "visit" else f"{section}[0]"
    with pytest.raises(ValidationError) as info:
        bundle_read.parse_bundle(json.dumps(old).encode())
    assert info.value.field == f"{where}.kind" and "not one of" in info.value.reason


def test_both_names_in_one_row_is_refused(bundle):
    both = json.loads(json.dumps(bundle))
    both["events"][0]["kind"] = "talks"
    with pytest.raises(ValidationError) as info:
        bundle_read.parse_bundle(json.dumps(both).encode())
    assert info.value.field == "events[0].kind" and "not a field" in info.value.reason
