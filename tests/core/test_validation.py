"""Every validation rule names the field and the reason."""

import pytest

from briefing_app.core.errors import ValidationError
from briefing_app.core.validation import clean


@pytest.mark.parametrize(
    ("kind", "values", "field", "reason"),
    [
        ("visit", {"title": ""}, "title", "required"),
        ("visit", {"title": "x" * 301}, "title", "too long"),
        ("visit", {"visit_type": "holiday"}, "visit_type", "not one of"),
        ("visit", {"home_tz": "Asia/Atlantis"}, "home_tz", "unknown time zone"),
        ("visit", {"start_date": "2019-13-01"}, "start_date", "not a date"),
        ("visit", {"fact_stale_days": 0}, "fact_stale_days", "between"),
        ("visit", {"fact_stale_days": "many"}, "fact_stale_days", "whole number"),
        ("visit", {"colour": "red"}, "colour", "not a field"),
        ("person", {"native_name": "a\x00b"}, "native_name", "control character"),
        ("person", {"biography": "\ud800"}, "biography", "surrogate"),
        ("person", {"side": "enemy"}, "side", "not one of"),
        ("person", {"photo": "not bytes"}, "photo", "image data"),
        ("person", {"native_name": 42}, "native_name", "must be text"),
        ("fact", {"value": float("nan")}, "value", "finite"),
        ("fact", {"value": "1e400"}, "value", "finite"),
        ("fact", {"value": "ten"}, "value", "must be a number"),
        ("fact", {"value": 1e20}, "value", "too large"),
        ("fact", {"as_of": "yesterday"}, "as_of", "not a date"),
        ("talking_point", {"priority": 4}, "priority", "between"),
        ("talking_point", {"restricted": "maybe"}, "restricted", "yes or no"),
        ("event", {"tz": "Nowhere/City"}, "tz", "unknown time zone"),
        ("agreement", {"is_public": 2}, "is_public", "yes or no"),
    ],
)
def test_bad_values_are_refused(kind, values, field, reason):
    with pytest.raises(ValidationError) as err:
        clean(kind, values, partial=True)
    assert err.value.field == field
    assert reason in err.value.reason


def test_missing_required_fields_are_named():
    with pytest.raises(ValidationError) as err:
        clean("visit", {"title": "T", "visit_type": "state visit", "start_date": "2019-09-10",
                        "end_date": "2019-09-12"})
    assert err.value.field == "home_tz"


def test_text_is_normalised():
    out = clean("visit", {"title": "  State \n visit  ", "purpose": "a\r\nb"}, partial=True)
    assert out == {"title": "State visit", "purpose": "a\nb"}


def test_native_scripts_pass_untouched():
    out = clean("person", {"native_name": "Қасым-Жомарт Тоқаев", "latin_name": "习近平 әғқңөұүһі"},
                partial=True)
    assert out["native_name"] == "Қасым-Жомарт Тоқаев"
    assert out["latin_name"] == "习近平 әғқңөұүһі"
