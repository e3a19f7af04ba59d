"""What a visit bundle holds: one section per table, its fields, rules and references.

The field rules are the core's own (`briefing_app.core.validation.RULES`), so a bundle
is held to exactly what the forms accept. References travel as UUIDs, never as local
row ids, which differ from one laptop to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from briefing_app.core import enums as E
from briefing_app.core import models as M
from briefing_app.core.validation import RULES, Rule, choice, instant, integer, text

# `instant` is the core's rule (one place judges instants); bundle code imports it here.

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

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({"uuid", "created_at", "updated_at", *self.fields,
                          *(r.key for r in self.refs)})


def _without(kind: str, *names: str) -> dict[str, Rule]:
    return {k: v for k, v in RULES[kind].items() if k not in names}


_POSITION = integer(0, 1_000_000)
_NOTE = text(2_000)

VISIT = Section("visit", M.Visit, _without("visit", "principal_id"),
                (Ref("principal", "principal_id", "people", required=False),),
                owned_by_visit=False,
                added={"press_marking": "PUBLIC", "press_embargo": "", "press_contacts": "",
                       "duty_contacts": "", "issuing_department": "", "drafted_by": "",
                       "cleared_by": "", "as_at": "", "distribution": "", "risks": ""})

# In dependency order: a section only refers to sections before it (and to people
# from the visit row, which is set last).
SECTIONS: tuple[Section, ...] = (
    Section("venues", M.Venue, dict(RULES["venue"]), added={"country": ""}),
    Section("people", M.Person, dict(RULES["person"]), added={"public_biography": ""}),
    Section("events", M.Event,
            _without("event", "venue_id", "arrival_venue_id")
            | {"starts_at": instant, "ends_at": instant},
            (Ref("venue", "venue_id", "venues", required=False),
             Ref("arrival_venue", "arrival_venue_id", "venues", required=False)),
            added={"press_line_status": "draft", "photo_opportunity": False,
                   "accreditation_point": "", "media_notes": "",
                   "arrival_venue": None, "meeting_format": "", "speaking_order": "",
                   "do_not_raise": "", "prior_status": ""}),
    Section("press_qas", M.PressQA, _without("press_qa", "event_id"),
            (Ref("event", "event_id", "events", required=False),)),
    Section("participations", M.Participation,
            {"role": choice(E.Role), "position": _POSITION},
            (Ref("event", "event_id", "events", identity=True),
             Ref("person", "person_id", "people", identity=True)),
            natural_key=("event_id", "person_id"), owned_by_visit=False),
    Section("talking_points", M.TalkingPoint, dict(RULES["talking_point"])),
    Section("facts", M.Fact, dict(RULES["fact"])),
    Section("event_talking_points", M.EventTalkingPoint, {"position": _POSITION},
            (Ref("event", "event_id", "events", identity=True),
             Ref("talking_point", "talking_point_id", "talking_points", identity=True)),
            natural_key=("event_id", "talking_point_id"), owned_by_visit=False),
    Section("talking_point_facts", M.TalkingPointFact, {},
            (Ref("talking_point", "talking_point_id", "talking_points", identity=True),
             Ref("fact", "fact_id", "facts", identity=True)),
            natural_key=("talking_point_id", "fact_id"), owned_by_visit=False),
    Section("event_facts", M.EventFact, {"position": _POSITION},
            (Ref("event", "event_id", "events", identity=True),
             Ref("fact", "fact_id", "facts", identity=True)),
            natural_key=("event_id", "fact_id"), owned_by_visit=False),
    Section("agreements", M.Agreement,
            _without("agreement", "signing_event_id") | {"status": choice(E.AgreementStatus)},
            (Ref("signing_event", "signing_event_id", "events", required=False),)),
    Section("agreement_status_changes", M.AgreementStatusChange,
            {"status": choice(E.AgreementStatus), "changed_at": instant, "note": _NOTE},
            (Ref("agreement", "agreement_id", "agreements", identity=True),),
            owned_by_visit=False),
    Section("agreement_signatories", M.AgreementSignatory, {"position": _POSITION},
            (Ref("agreement", "agreement_id", "agreements", identity=True),
             Ref("person", "person_id", "people", identity=True)),
            natural_key=("agreement_id", "person_id"), owned_by_visit=False),
    Section("agreement_versions", M.AgreementVersion,
            {"number": integer(1, 1_000_000), "text": text(2_000_000),
             "author": text(300, single_line=True), "note": _NOTE},
            (Ref("agreement", "agreement_id", "agreements", identity=True),),
            natural_key=("agreement_id", "number"), owned_by_visit=False,
            frozen_fields=("number",)),
)

BY_NAME: dict[str, Section] = {s.name: s for s in (VISIT, *SECTIONS)}
# Objects and lists a bundle may hold: one object per row at most, plus the sections.
MAX_BUNDLE_CONTAINERS = (len(SECTIONS) + 1) * MAX_ROWS_PER_SECTION + 64



def owner_ref(section: Section) -> Ref | None:
    """For a row without visit_id: the reference to the visit-owned row it hangs off."""
    return None if section.owned_by_visit else next((r for r in section.refs if r.identity), None)


def plain_value(value: Any) -> Any:
    """A column value as it goes into JSON (enums as their text)."""
    return value.value if isinstance(value, Enum) else value
