"""Reading and checking a visit bundle completely before anything is written.

Everything a merge needs is established here, without the database: the JSON is
safe (see json_guard), the format and version are ours, every row has exactly the
known fields, each field passes the same rule a form applies, UUIDs are well formed
and unique, every reference points at a row in the bundle, links are not doubled,
and nothing ends before it starts. An error names the path (``events[3].tz``).
"""

from __future__ import annotations

import base64
import binascii
import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from briefing_app.core.bounded_read import read_bounded
from briefing_app.core.errors import ValidationError
from briefing_app.core.levels import LEVELS, RESTRICTED, at_least
from briefing_app.core.models import companion_uuid
from briefing_app.core.timezones import now_utc
from briefing_app.core.validation import event_span
from briefing_app.interop import json_guard
from briefing_app.interop.bundle_schema import (
    FORMAT,
    FORMAT_VERSION,
    MAX_BUNDLE_BYTES,
    MAX_BUNDLE_CONTAINERS,
    MAX_ROWS_PER_SECTION,
    PHOTO_TYPES,
    SECTIONS,
    VISIT,
    Section,
    instant,
    plain_value,
)

_TOP_KEYS = frozenset({"format", "format_version", "exported_at", "exported_by", "visit",
                       *(s.name for s in SECTIONS)})
_CLOCK_SKEW = timedelta(days=2)


@dataclass
class BundleRow:
    """One validated row: its cleaned column values and its references as UUIDs."""

    section: str
    index: int
    uuid: str
    created_at: datetime
    updated_at: datetime
    values: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)  # column -> target UUID

    @property
    def path(self) -> str:
        return self.section if self.section == "visit" else f"{self.section}[{self.index}]"


@dataclass
class Bundle:
    format_version: int
    exported_at: datetime | None
    visit: BundleRow
    sections: dict[str, list[BundleRow]]


def read_bundle_file(path: Path | str, passphrase: str | None = None) -> Bundle:
    """Read and fully validate the bundle at `path`: a file over MAX_BUNDLE_BYTES is
    refused by its size before it is read (a pipe or device after that many bytes). An
    encrypted bundle is opened with `passphrase` and authenticated whole first."""
    from briefing_app.interop import bundle_crypto as bc

    limit = MAX_BUNDLE_BYTES
    if _starts_sealed(Path(path).expanduser()):  # its framing may add a little on top
        limit += bc.HEADER_SIZE + (MAX_BUNDLE_BYTES // bc.CHUNK + 1) * (bc.TAG + 4)
    data = read_bounded(path, limit, "bundle", "bundle file")
    if bc.is_encrypted_bundle(data):
        data = bc.open_sealed(data, passphrase, MAX_BUNDLE_BYTES)
    return parse_bundle(data)


def _starts_sealed(path: Path) -> bool:
    """A regular file that begins like an encrypted bundle (a pipe or device is never
    peeked at: that would consume what the real read needs)."""
    import stat

    from briefing_app.interop.bundle_crypto import MAGIC

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def parse_bundle(data: bytes) -> Bundle:
    """Validate bundle bytes; ValidationError names the first problem and its path."""
    tree = json_guard.loads(data, max_bytes=MAX_BUNDLE_BYTES, what="bundle",
                            max_containers=MAX_BUNDLE_CONTAINERS)
    if not isinstance(tree, dict):
        raise ValidationError("bundle", "must be a JSON object (is this a visit bundle?)")
    if tree.get("format") != FORMAT:
        raise ValidationError("format", f"this is not a Briefing App visit bundle (expected {FORMAT!r})")
    version = tree.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("format_version", "is missing or not a whole number")
    if version != FORMAT_VERSION:
        newer = " written by a newer version of the app; please upgrade" if version > FORMAT_VERSION else ""
        raise ValidationError(
            "format_version", f"version {version} is not supported (this app reads version "
            f"{FORMAT_VERSION}){newer}")
    for key in tree:
        if key not in _TOP_KEYS:
            raise ValidationError(json_guard.short_key(key), "is not a part of a visit bundle")
    exported_at = instant("exported_at", tree["exported_at"]) if "exported_at" in tree else None
    if "exported_by" in tree and not isinstance(tree["exported_by"], str):
        raise ValidationError("exported_by", "must be text")
    if not isinstance(tree.get("visit"), dict):
        raise ValidationError("visit", "is missing or not an object")
    _moved(tree)  # an older app's fields moved since, the visit's own too (0015)
    visit = _row(VISIT, 0, tree["visit"])
    _visit_dates(visit)
    sections: dict[str, list[BundleRow]] = {}
    for section in SECTIONS:
        raw = tree.get(section.name, [])
        if not isinstance(raw, list):
            raise ValidationError(section.name, "must be a list")
        if len(raw) > MAX_ROWS_PER_SECTION:
            raise ValidationError(
                section.name, f"has {len(raw):,} rows (at most {MAX_ROWS_PER_SECTION:,})")
        sections[section.name] = [_row(section, i, item) for i, item in enumerate(raw)]
    bundle = Bundle(version, exported_at, visit, sections)
    _check_uuids(bundle)
    _check_references(bundle)
    _check_links(bundle)
    return bundle


def _row(section: Section, index: int, raw: Any) -> BundleRow:
    path = section.name if section is VISIT else f"{section.name}[{index}]"
    if not isinstance(raw, dict):
        raise ValidationError(path, "must be an object")
    raw, wrote = _renamed(section, raw)
    for key in raw:
        if key not in section.keys:
            raise ValidationError(f"{path}.{json_guard.short_key(key)}",
                                  f"is not a field of {section.name}")
    for key in sorted(section.keys):
        if key not in raw and key not in section.added:
            raise ValidationError(f"{path}.{key}", "is missing")
    raw = section.added | raw
    row = BundleRow(
        section.name, index, _uuid(f"{path}.uuid", raw["uuid"]),
        _stamp(f"{path}.created_at", raw["created_at"]),
        _stamp(f"{path}.updated_at", raw["updated_at"]), {})
    for name, rule in section.fields.items():
        value = raw[name]
        if name == "photo":
            value = _photo(f"{path}.photo", value)
        try:
            row.values[name] = rule(name, value)
        except ValidationError as exc:
            raise ValidationError(f"{path}.{wrote.get(name, name)}", exc.reason) from None
    for ref in section.refs:
        target = raw[ref.key]
        if target is None:
            if ref.required:
                raise ValidationError(f"{path}.{ref.key}", "is required")
            row.refs[ref.column] = None
        else:
            row.refs[ref.column] = _uuid(f"{path}.{ref.key}", target)
    if section.name == "events":
        try:
            event_span(row.values["starts_at"], row.values["ends_at"])
        except ValidationError as exc:
            raise ValidationError(f"{path}.ends_at", exc.reason) from None
    if section.name == "people":
        _photo_type(path, row.values)
    return row


def _moved(tree: dict[str, Any]) -> None:
    """An older app's rows with fields that now live in a section of their own (a
    delegate's passport data, 0013; an event's positions, 0014; the visit's, 0015): each such row's values move to a new row there,
    which refers to it and takes its timestamps and a UUID derived from its own (the
    same bundle read twice makes the same rows). Rows already in that section are kept;
    anything malformed is left for the checks that follow to name."""
    for section in (VISIT, *SECTIONS):
        rows = tree.get(section.name)
        if section is VISIT and isinstance(rows, dict):
            rows = [rows]  # the visit's own row (its positions, 0015)
        if not section.moved or not isinstance(rows, list):
            continue
        for target_name in dict.fromkeys(section.moved.values()):
            target = next(s for s in SECTIONS if s.name == target_name)
            # the row it belongs to: a reference, or the bundle's visit itself
            ref = next((r for r in target.refs if r.target == section.name), None)
            fields = [f for f, t in section.moved.items() if t == target_name]
            made = []
            for row in rows:
                if not isinstance(row, dict) or not any(f in row for f in fields):
                    continue
                values = {f: row.pop(f) for f in fields if f in row}
                if all(v in (None, "") for v in values.values()) or not isinstance(
                        row.get("uuid"), str):
                    continue
                made.append({**{f: _empty(target, f) for f in target.fields}, **values,
                             "level": _at_least_restricted(row.get("level")),
                             **({ref.key: row["uuid"]} if ref is not None else {}),
                             "uuid": companion_uuid(target_name, row["uuid"]),
                             "created_at": row.get("created_at"),
                             "updated_at": row.get("updated_at")})
            if made:
                existing = tree.get(target_name)
                tree[target_name] = (existing if isinstance(existing, list) else []) + made


def _at_least_restricted(level: Any) -> str:
    """A moved row's level: restricted, or its owner's when that is higher (a bad value
    is left for the owner's own check to name)."""
    return at_least(level, RESTRICTED) if level in LEVELS else str(RESTRICTED)


def _empty(section: Section, name: str) -> Any:
    """A field's value in a row made without it: its column's default, else None."""
    default = section.model.__table__.c[name].default
    return plain_value(default.arg) if default is not None and default.is_scalar else None


def _renamed(section: Section, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """An older app's bundle under today's field names (`event_type` was `kind` before
    0012_type_columns), and which names it used, so a refusal names the field as the
    bundle wrote it. A bundle that holds both names is refused as holding an unknown
    field, as before."""
    wrote = {new: old for new, old in section.renamed.items()
             if old in raw and new not in raw}
    if not wrote:
        return raw, {}
    return {next((n for n, o in wrote.items() if o == k), k): v
            for k, v in raw.items()}, wrote


def _uuid(path: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) != 36:
        raise ValidationError(path, "must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e")
    try:
        parsed = uuid_mod.UUID(value)
    except ValueError:
        raise ValidationError(path, f"{value!r} is not a UUID") from None
    if str(parsed) != value.lower():
        raise ValidationError(path, f"{value!r} is not a UUID in its usual form")
    return str(parsed)


def _stamp(path: str, value: Any) -> datetime:
    try:
        when = instant(path, value)
    except ValidationError as exc:
        raise ValidationError(path, exc.reason) from None
    if when > now_utc() + _CLOCK_SKEW:
        raise ValidationError(path, f"{value} is in the future; check the clock of the laptop "
                              "that wrote the bundle")
    return when


def _photo(path: str, value: Any) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(path, "must be base64 text or null")
    if len(value) > 28 * 1024 * 1024:
        raise ValidationError(path, "is too large (at most 20 MiB of image data)")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(path, "is not valid base64") from None


def _photo_type(path: str, values: dict[str, Any]) -> None:
    photo, mime = values.get("photo"), values.get("photo_mime", "")
    if photo is None:
        return
    if mime not in PHOTO_TYPES:
        raise ValidationError(f"{path}.photo_mime",
                              f"{mime!r} is not a photo type this app reads (PNG or JPEG)")
    if not photo.startswith(PHOTO_TYPES[mime]):
        raise ValidationError(f"{path}.photo", f"the data is not a {mime} image")


def _visit_dates(visit: BundleRow) -> None:
    if visit.values["end_date"] < visit.values["start_date"]:
        raise ValidationError("visit.end_date", "the visit ends before it starts")


def _check_uuids(bundle: Bundle) -> None:
    """A UUID names one row: no two rows of a table may share one."""
    for name, rows in bundle.sections.items():
        seen: dict[str, int] = {}
        for row in rows:
            if row.uuid in seen:
                raise ValidationError(f"{row.path}.uuid",
                                      f"is the same as {name}[{seen[row.uuid]}].uuid")
            seen[row.uuid] = row.index


def _check_references(bundle: Bundle) -> None:
    known = {name: {r.uuid for r in rows} for name, rows in bundle.sections.items()}
    for section in (VISIT, *SECTIONS):
        rows = [bundle.visit] if section is VISIT else bundle.sections[section.name]
        for row in rows:
            for ref in section.refs:
                target = row.refs[ref.column]
                if target is not None and target not in known[ref.target]:
                    raise ValidationError(
                        f"{row.path}.{ref.key}",
                        f"points at {target}, which is not among the bundle's {ref.target}")


def _check_links(bundle: Bundle) -> None:
    """A link (person in an event, version number of an agreement) appears once."""
    for section in SECTIONS:
        if not section.natural_key:
            continue
        seen: dict[tuple[Any, ...], int] = {}
        for row in bundle.sections[section.name]:
            key = tuple(row.refs.get(c, row.values.get(c)) for c in section.natural_key)
            if key in seen:
                raise ValidationError(row.path, f"repeats {section.name}[{seen[key]}] "
                                      f"(same {' and '.join(section.natural_key)})")
            seen[key] = row.index


def parse_row(section: Section, raw: Any) -> BundleRow:
    """One row's JSON judged by the bundle's rules (the sync writes rows back so)."""
    return _row(section, 0, raw)
