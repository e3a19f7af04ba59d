"""Plain data that leaves the core: frozen dataclasses, never live ORM objects.

Field names match the model columns, so one helper (`to_record`) fills any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

R = TypeVar("R")


@cache
def field_names(cls: type) -> tuple[str, ...]:
    """The record's field names in declaration order (`dataclasses.fields` is slow enough
    to show up when called once per row of a large visit)."""
    return tuple(f.name for f in fields(cls))


def to_record(cls: type[R], obj: Any, **extra: Any) -> R:
    """Build a record of type `cls` from an ORM object (or mapping) by field name."""
    get = obj.get if isinstance(obj, dict) else (lambda n: getattr(obj, n))
    return cls(**{n: extra[n] if n in extra else get(n) for n in field_names(cls)})


@dataclass(frozen=True)
class Meta:
    id: int
    uuid: str
    created_at: datetime
    updated_at: datetime
    row_version: int


@dataclass(frozen=True)
class VisitRecord(Meta):
    title: str
    kind: str
    principal_id: int | None
    host_country: str
    host_city: str
    start_date: date
    end_date: date
    home_tz: str
    classification: str
    purpose: str
    objectives: str
    key_messages: str
    status: str
    fact_stale_days: int
    notes: str
    press_marking: str
    press_embargo: str
    press_contacts: str
    duty_contacts: str
    issuing_department: str = ""
    drafted_by: str = ""
    cleared_by: str = ""
    as_at: str = ""
    distribution: str = ""
    risks: str = ""


@dataclass(frozen=True)
class VenueRecord(Meta):
    visit_id: int
    name: str
    city: str
    address: str
    tz: str
    notes: str
    country: str = ""


@dataclass(frozen=True)
class PersonRecord(Meta):
    visit_id: int
    native_name: str
    latin_name: str
    title: str
    organisation: str
    country: str
    side: str
    form_of_address: str
    biography: str
    public_biography: str
    photo: bytes | None
    photo_mime: str
    notes: str
    sort_order: int

    @property
    def display_name(self) -> str:
        """'Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)' — native first, Latin beside."""
        if self.latin_name and self.latin_name != self.native_name:
            return f"{self.native_name} ({self.latin_name})"
        return self.native_name


@dataclass(frozen=True)
class EventRecord(Meta):
    visit_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    tz: str
    end_tz: str
    venue_id: int | None
    status: str
    press: str
    dress_code: str
    protocol_notes: str
    logistics_notes: str
    scenario: str
    objectives: str
    their_objectives: str
    our_response: str
    if_raised: str
    press_line: str
    press_line_status: str
    photo_opportunity: bool
    accreditation_point: str
    media_notes: str
    background: str
    background_nfd: str
    arrival_venue_id: int | None = None
    meeting_format: str = ""
    speaking_order: str = ""
    do_not_raise: str = ""
    prior_status: str = ""

    @property
    def display_end_tz(self) -> str:
        return self.end_tz or self.tz


@dataclass(frozen=True)
class ProgrammeEventRecord(Meta):
    """An event as the programme shows it (table, navigator, timeline, `show`, calendar
    export): an EventRecord without the brief's long texts, which the programme of a
    5,000-event visit would otherwise read, decode and keep for nothing."""

    visit_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    tz: str
    end_tz: str
    venue_id: int | None
    status: str
    press: str
    dress_code: str
    logistics_notes: str

    @property
    def display_end_tz(self) -> str:
        return self.end_tz or self.tz


@dataclass(frozen=True)
class ParticipationRecord(Meta):
    event_id: int
    person_id: int
    role: str
    position: int


@dataclass(frozen=True)
class TalkingPointRecord(Meta):
    visit_id: int
    heading: str
    text: str
    answer: str
    kind: str
    priority: int
    topics: str
    status: str
    restricted: bool

    @property
    def topic_list(self) -> list[str]:
        return split_topics(self.topics)


@dataclass(frozen=True)
class FactRecord(Meta):
    visit_id: int
    statement: str
    value: float | None
    unit: str
    as_of: date | None
    source: str
    topics: str


@dataclass(frozen=True)
class AgreementRecord(Meta):
    visit_id: int
    title: str
    kind: str
    parties: str
    lead_agency: str
    status: str
    signing_event_id: int | None
    languages: str
    is_public: bool
    signing_order: int
    notes: str


@dataclass(frozen=True)
class StatusChangeRecord(Meta):
    agreement_id: int
    status: str
    changed_at: datetime
    note: str


@dataclass(frozen=True)
class AgreementVersionRecord(Meta):
    agreement_id: int
    number: int
    text: str
    author: str
    note: str


@dataclass(frozen=True)
class PressQARecord(Meta):
    visit_id: int
    question: str
    answer: str
    status: str
    event_id: int | None
    topics: str
    sort_order: int

    @property
    def topic_list(self) -> list[str]:
        return split_topics(self.topics)


def split_topics(topics: str) -> list[str]:
    """'trade, transit ,  ' -> ['trade', 'transit']."""
    return [t.strip() for t in (topics or "").split(",") if t.strip()]
