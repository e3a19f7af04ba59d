"""Input rules for every editable field, shared by operations, imports and the GUI.

Each rule turns a raw value (from a form, the CLI or a bundle) into the stored value or
raises ValidationError naming the field and the reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from briefing_app.core import enums as E
from briefing_app.core.errors import ValidationError
from briefing_app.core.timezones import zone

Rule = Callable[[str, Any], Any]

# Control characters other than tab/newline make unreadable PDFs and break exchange
# files; NUL in particular truncates strings in C libraries.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def text(max_len: int = 100_000, required: bool = False, single_line: bool = False) -> Rule:
    def rule(field: str, value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(field, f"must be text, not {type(value).__name__}")
        if _SURROGATE.search(value):
            raise ValidationError(field, "contains an invalid character (lone surrogate)")
        if _CONTROL.search(value):
            raise ValidationError(field, "contains a control character (such as NUL)")
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if single_line:
            value = " ".join(value.split())
        if required and not value.strip():
            raise ValidationError(field, "is required")
        if len(value) > max_len:
            raise ValidationError(field, f"is too long ({len(value):,} characters; at most {max_len:,})")
        return value

    return rule


def choice(enum: type[StrEnum]) -> Rule:
    def rule(field: str, value: Any) -> StrEnum:
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise ValidationError(field, f"{value!r} is not one of: {allowed}") from None

    return rule


def integer(lo: int, hi: int) -> Rule:
    def rule(field: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                    value = int(value.strip())
                else:
                    raise ValueError
            except ValueError:
                raise ValidationError(field, f"must be a whole number, not {value!r}") from None
        if not lo <= value <= hi:
            raise ValidationError(field, f"must be between {lo} and {hi}")
        return value

    return rule


def number(field: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(field, "must be a number")
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(field, f"must be a number, not {value!r}") from None
    if not math.isfinite(result):
        raise ValidationError(field, "must be a finite number")
    if abs(result) > 1e15:
        raise ValidationError(field, "is too large")
    return result


def boolean(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    raise ValidationError(field, f"must be yes or no, not {value!r}")


def a_date(required: bool = True) -> Rule:
    def rule(field: str, value: Any) -> date | None:
        if value is None or value == "":
            if required:
                raise ValidationError(field, "is required")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(field, f"{value!r} is not a date (YYYY-MM-DD)")

    return rule


def tz_name(field: str, value: Any) -> str:
    zone(value, field)
    return value


def optional_id(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    return integer(1, 2**62)(field, value)


def blob(field: str, value: Any) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, bytes | bytearray):
        raise ValidationError(field, "must be image data")
    if len(value) > 20 * 1024 * 1024:
        raise ValidationError(field, "is too large (at most 20 MiB)")
    return bytes(value)


_LINE = text(300, single_line=True)
_LONG = text()

RULES: dict[str, dict[str, Rule]] = {
    "visit": {
        "title": text(300, required=True, single_line=True),
        "kind": choice(E.VisitKind),
        "principal_id": optional_id,
        "host_country": _LINE,
        "host_city": _LINE,
        "start_date": a_date(),
        "end_date": a_date(),
        "home_tz": tz_name,
        "classification": text(100, single_line=True),
        "purpose": _LONG,
        "objectives": _LONG,
        "key_messages": _LONG,
        "status": choice(E.VisitStatus),
        "fact_stale_days": integer(1, 36_500),
        "notes": _LONG,
        "issuing_department": _LINE,
        "drafted_by": _LINE,
        "cleared_by": _LINE,
        "as_at": text(100, single_line=True),
        "distribution": _LONG,
        "risks": _LONG,
        "duty_contacts": _LONG,
    },
    "venue": {
        "name": text(300, required=True, single_line=True),
        "city": _LINE,
        "address": _LONG,
        "tz": tz_name,
        "notes": _LONG,
    },
    "person": {
        "native_name": text(300, required=True, single_line=True),
        "latin_name": _LINE,
        "title": _LINE,
        "organisation": _LINE,
        "country": _LINE,
        "side": choice(E.Side),
        "form_of_address": _LINE,
        "biography": _LONG,
        "photo": blob,
        "photo_mime": text(64, single_line=True),
        "notes": _LONG,
        "sort_order": integer(-1_000_000, 1_000_000),
    },
    "event": {
        "title": text(300, required=True, single_line=True),
        "kind": choice(E.EventKind),
        "tz": tz_name,
        "end_tz": lambda f, v: "" if not v else tz_name(f, v),
        "venue_id": optional_id,
        "status": choice(E.EventStatus),
        "press": choice(E.PressAccess),
        "dress_code": text(200, single_line=True),
        "protocol_notes": _LONG,
        "logistics_notes": _LONG,
        "scenario": _LONG,
        "objectives": _LONG,
        "their_objectives": _LONG,
        "our_response": _LONG,
        "if_raised": _LONG,
        "press_line": _LONG,
        "background": _LONG,
        "background_nfd": _LONG,
        "arrival_venue_id": optional_id,
        "meeting_format": text(100, single_line=True),
        "speaking_order": _LONG,
        "do_not_raise": _LONG,
    },
    "talking_point": {
        "heading": _LINE,
        "text": text(required=True),
        "answer": _LONG,
        "kind": choice(E.PointKind),
        "priority": integer(1, 3),
        "topics": text(500, single_line=True),
        "status": choice(E.PointStatus),
        "restricted": boolean,
    },
    "fact": {
        "statement": text(5_000, required=True),
        "value": number,
        "unit": text(100, single_line=True),
        "as_of": a_date(required=False),
        "source": text(2_000),
        "topics": text(500, single_line=True),
    },
    "agreement": {
        "title": text(500, required=True, single_line=True),
        "kind": choice(E.AgreementKind),
        "parties": _LONG,
        "lead_agency": _LINE,
        "signing_event_id": optional_id,
        "languages": text(200, single_line=True),
        "is_public": boolean,
        "signing_order": integer(0, 10_000),
        "notes": _LONG,
    },
}


REQUIRED: dict[str, frozenset[str]] = {
    "visit": frozenset({"title", "kind", "start_date", "end_date", "home_tz"}),
    "venue": frozenset({"name", "tz"}),
    "person": frozenset({"native_name"}),
    "event": frozenset({"title", "kind", "tz"}),
    "talking_point": frozenset({"text"}),
    "fact": frozenset({"statement"}),
    "agreement": frozenset({"title"}),
}


def clean(kind: str, values: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate `values` for an entity kind; unknown fields are refused by name."""
    rules = RULES[kind]
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in rules:
            raise ValidationError(key, f"is not a field of a {kind.replace('_', ' ')}")
        out[key] = rules[key](key, value)
    if not partial:
        for key in REQUIRED[kind]:
            if key not in out:
                raise ValidationError(key, "is required")
    return out
