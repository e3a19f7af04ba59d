"""What a visit bundle holds: one section per table, its fields, rules and references.

Sections are derived from the kinds' declarations (core/kinds.py): the field rules are
the core's own, so a bundle is held to exactly what the forms accept. References travel as UUIDs, never as local
row ids, which differ from one laptop to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from briefing_app.core import models as M
from briefing_app.core.kinds import KIND, KINDS, Kind

# `instant` is the core's rule (one place judges instants); bundle code imports it here.
from briefing_app.core.validation import Rule, instant  # noqa: F401

FORMAT = "briefing-app-visit-bundle"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 100 * 1024 * 1024
MAX_ROWS_PER_SECTION = 50_000
PHOTO_TYPES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


@dataclass(frozen=True)
class Ref:
    """A reference: JSON key, ORM column, target section; `key` refs never change."""

    key: str
    column: str
    target: str
    required: bool = True
    identity: bool = False  # part of what the row *is* (a link's two ends): never updated


@dataclass(frozen=True)
class Section:
    name: str
    model: type[M.Row]
    fields: dict[str, Rule]
    refs: tuple[Ref, ...] = ()
    # Columns that identify a link row besides its UUID (a unique constraint).
    natural_key: tuple[str, ...] = ()
    owned_by_visit: bool = True  # has a visit_id column
    frozen_fields: tuple[str, ...] = field(default=())  # never changed by a merge
    # Fields added after the format's first release: what a bundle without them means
    # (a colleague's older app wrote it), so such bundles still import.
    added: dict[str, Any] = field(default_factory=dict)
    # Fields renamed since: new name -> the name an older app's bundle gave it.
    renamed: dict[str, str] = field(default_factory=dict)
    # Fields moved since to a section of their own: field -> that section.
    moved: dict[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({"uuid", "created_at", "updated_at", *self.fields,
                          *(r.key for r in self.refs)})


def section_of(kind: Kind) -> Section:
    """A kind's bundle section, from its declaration (core/kinds.py) and its columns.

    Fields are the kind's column rules (the core's own, so a bundle is held to exactly
    what the forms accept); each foreign key travels as a reference named after it
    (`venue_id` -> `venue`), which is part of what a row is when it may not be empty.
    """
    refs = tuple(
        Ref(column[:-3], column, KIND[target].bundle,
            required=not kind.table.c[column].nullable,
            identity=not kind.table.c[column].nullable)
        for column, target in kind.references.items())
    fields = {k: v for k, v in kind.column_rules.items()  # what an operation computes last
              if k not in kind.references and k not in kind.computed}
    fields |= {k: kind.column_rules[k] for k in kind.computed}
    return Section(kind.bundle, kind.model, fields, refs, natural_key=kind.natural_key,
                   owned_by_visit=kind.owned_by_visit, frozen_fields=kind.bundle_frozen,
                   added=dict(kind.bundle_added), renamed=dict(kind.bundle_renamed),
                   moved={f: KIND[k].bundle for f, k in kind.bundle_moved.items()})


VISIT = section_of(KINDS[0])
# In dependency order (that of core/kinds.KINDS): a section only refers to sections
# before it (and to people from the visit row, which is set last).
SECTIONS: tuple[Section, ...] = tuple(section_of(k) for k in KINDS[1:])

BY_NAME: dict[str, Section] = {s.name: s for s in (VISIT, *SECTIONS)}
# Objects and lists a bundle may hold: one object per row at most, plus the sections.
MAX_BUNDLE_CONTAINERS = (len(SECTIONS) + 1) * MAX_ROWS_PER_SECTION + 64



def owner_ref(section: Section) -> Ref | None:
    """For a row without visit_id: the reference to the visit-owned row it hangs off."""
    return None if section.owned_by_visit else next((r for r in section.refs if r.identity), None)


def plain_value(value: Any) -> Any:
    """A column value as it goes into JSON (enums as their text)."""
    return value.value if isinstance(value, Enum) else value
