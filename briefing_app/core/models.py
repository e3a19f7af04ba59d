"""ORM models: one visit and everything prepared for it.

Every row carries a stable UUID (bundles exchanged between laptops merge by it),
created/updated instants in UTC, and a row version that detects a concurrent edit.
Everything but the visit itself belongs to one visit, so a visit can be exported,
duplicated or deleted as a whole.

Composite indexes serve the reads the views make of a whole visit (its events in
time order, its people in list order, a brief's points in the user's order, ...), so
SQLite walks an index instead of sorting; db/versions/0003_read_indexes.py adds them
to existing files.

No `from __future__ import annotations` here, unlike the other modules: with it every
`Mapped[...]` is a string that SQLAlchemy parses and evaluates again for each of the
~370 mapped attributes when the classes are made, at start-up, before the window is
editable (~10% of this module's import). Only a relationship to a class defined later
is written as a string (`Mapped["Person | None"]`, `Mapped[list["Participation"]]`).
"""

import uuid as uuid_mod
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    inspect,
    null,
    select,
)
from sqlalchemy import event as orm_event
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    relationship,
)

from briefing_app.core import enums as E
from briefing_app.core.validation import event_span


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware instants as naive UTC (SQLite keeps no tzinfo); returns them aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _new_uuid() -> str:
    return str(uuid_mod.uuid4())


def _enum(cls: type, name: str) -> Enum:
    """A closed vocabulary stored as its values, with a CHECK constraint named after
    `name`. The four type columns were called `kind` until 0012_type_columns; their
    constraints keep the old names ("event_kind"), since renaming a constraint rebuilds
    the table on SQLite."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Row:
    """Columns every table has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-10)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=_new_uuid, sort_order=-9)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow, onupdate=_utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        # Every UPDATE checks and bumps row_version: a stale write fails loudly.
        return {"version_id_col": cls.row_version}


def _level() -> Mapped[E.Level]:
    """Who may read the row (revision 0009_levels). A new row takes its visit's
    `default_level` (`_take_default_level`); `public` is only the column's fallback."""
    return mapped_column(_level_type("level"), default=E.Level.PUBLIC)


def _level_type(name: str) -> Enum:
    """A level column: no CHECK in a SQLite file, so 0009 adds it (and its downgrade
    drops it) in place, leaving the tables and their triggers as they were; the app's
    rule refuses other values, and on PostgreSQL 0009 adds the CHECK."""
    return Enum(E.Level, name=name, native_enum=False, create_constraint=False, length=32,
                values_callable=lambda members: [m.value for m in members],
                validate_strings=True)


def _visit_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)


class Visit(Row, Base):
    __tablename__ = "visits"

    title: Mapped[str] = mapped_column(String(300))
    visit_type: Mapped[E.VisitType] = mapped_column(_enum(E.VisitType, "visit_kind"))
    principal_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL", use_alter=True), nullable=True
    )
    host_country: Mapped[str] = mapped_column(String(200), default="")
    host_city: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    home_tz: Mapped[str] = mapped_column(String(64))
    classification: Mapped[str] = mapped_column(String(100), default="RESTRICTED")
    purpose: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[E.VisitStatus] = mapped_column(
        _enum(E.VisitStatus, "visit_status"), default=E.VisitStatus.PLANNING
    )
    fact_stale_days: Mapped[int] = mapped_column(Integer, default=365)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The press pack's own marking (never the visit's classification) and embargo.
    press_marking: Mapped[str] = mapped_column(String(100), default="PUBLIC")
    press_embargo: Mapped[str] = mapped_column(String(200), default="")  # "12:00 CST, 11 Sep"
    press_contacts: Mapped[str] = mapped_column(Text, default="")  # the press office, public
    duty_contacts: Mapped[str] = mapped_column(Text, default="")  # duty officer, embassy
    # What a ministry's book carries besides the programme (revision 0005_book_fields).
    issuing_department: Mapped[str] = mapped_column(String(300), default="")
    drafted_by: Mapped[str] = mapped_column(String(300), default="")
    cleared_by: Mapped[str] = mapped_column(String(300), default="")
    as_at: Mapped[str] = mapped_column(String(100), default="")  # "9 Sep 2019, 18:00 Astana"
    distribution: Mapped[str] = mapped_column(Text, default="")  # one recipient a line = copy N
    # The level new items of this visit take (0009_levels); not its printed marking.
    default_level: Mapped[E.Level] = mapped_column(_level_type("default_level"),
                                                   default=E.Level.PUBLIC)

    principal: Mapped["Person | None"] = relationship(
        foreign_keys=[principal_id], post_update=True
    )
    brief: Mapped["VisitBrief | None"] = relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")


class VisitBrief(Row, Base):
    """The visit's positions: its objectives, key messages, and risks and
    sensitivities. Restricted at least, in a row of its own (0015_visit_briefs) so that
    the server's row-level security can hide them from a user who may read the visit and
    its programme; the visit reads and writes them as its own (`_companion_field`)."""

    __tablename__ = "visit_briefs"
    __table_args__ = (UniqueConstraint("visit_id"),)

    visit_id: Mapped[int] = _visit_fk()
    objectives: Mapped[str] = mapped_column(Text, default="")
    key_messages: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")  # risks and sensitivities
    level: Mapped[E.Level] = _level()

    visit: Mapped["Visit"] = relationship(back_populates="brief")


class Venue(Row, Base):
    __tablename__ = "venues"
    __table_args__ = (
        Index("ix_venues_visit_name", "visit_id", "name"),
    )

    visit_id: Mapped[int] = _visit_fk()
    name: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    tz: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(200), default="")  # 0007
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class Person(Row, Base):
    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_visit_order", "visit_id", "sort_order", "latin_name", "native_name"),
    )

    visit_id: Mapped[int] = _visit_fk()
    native_name: Mapped[str] = mapped_column(String(300))
    latin_name: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str] = mapped_column(String(200), default="")
    side: Mapped[E.Side] = mapped_column(_enum(E.Side, "side"), default=E.Side.OURS)
    form_of_address: Mapped[str] = mapped_column(String(300), default="")
    biography: Mapped[str] = mapped_column(Text, default="")  # personality notes: internal
    public_biography: Mapped[str] = mapped_column(Text, default="")  # cleared for the press
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    photo_mime: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class Event(Row, Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_visit_time", "visit_id", "starts_at", "ends_at"),
    )

    visit_id: Mapped[int] = _visit_fk()
    title: Mapped[str] = mapped_column(String(300))
    event_type: Mapped[E.EventType] = mapped_column(_enum(E.EventType, "event_kind"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tz: Mapped[str] = mapped_column(String(64))
    end_tz: Mapped[str] = mapped_column(String(64), default="")  # arrival zone of a flight
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[E.EventStatus] = mapped_column(
        _enum(E.EventStatus, "event_status"), default=E.EventStatus.PROPOSED
    )
    press: Mapped[E.PressAccess] = mapped_column(
        _enum(E.PressAccess, "press_access"), default=E.PressAccess.CLOSED
    )
    dress_code: Mapped[str] = mapped_column(String(200), default="")
    protocol_notes: Mapped[str] = mapped_column(Text, default="")
    logistics_notes: Mapped[str] = mapped_column(Text, default="")
    scenario: Mapped[str] = mapped_column(Text, default="")
    press_line: Mapped[str] = mapped_column(Text, default="")
    press_line_status: Mapped[E.PointStatus] = mapped_column(
        _enum(E.PointStatus, "press_line_status"), default=E.PointStatus.DRAFT
    )
    # Media arrangements printed in the public programme.
    photo_opportunity: Mapped[bool] = mapped_column(Boolean, default=False)
    accreditation_point: Mapped[str] = mapped_column(String(300), default="")
    media_notes: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    # A flight's arrival airport (its venue is the departure airport).
    arrival_venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="SET NULL"), nullable=True
    )
    meeting_format: Mapped[str] = mapped_column(String(100), default="")  # tête-à-tête, 1+3…
    speaking_order: Mapped[str] = mapped_column(Text, default="")
    # The status before it was cancelled, which reinstating brings back ("": none).
    prior_status: Mapped[str] = mapped_column(String(20), default="")  # 0007
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)

    venue: Mapped["Venue | None"] = relationship(foreign_keys=[venue_id])
    participations: Mapped[list["Participation"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    point_links: Mapped[list["EventTalkingPoint"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventTalkingPoint.position",
    )
    fact_links: Mapped[list["EventFact"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EventFact.position"
    )
    # loaded with its events (one query per batch): a pack or a list of 5,000 events
    # reads its positions without a query per event
    brief: Mapped["EventBrief | None"] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        lazy="selectin")


class EventBrief(Row, Base):
    """What only the cleared may read of an event's brief: our objectives, their
    objectives, our response, what to say if raised, what not to raise, and background
    not for disclosure. Restricted at least, in a row of its own (0014_event_briefs) so
    that the server's row-level security can hide it from a user who may read the event
    (a press officer sees the programme, not our positions); the event reads and writes
    the fields as its own (`_companion_field`)."""

    __tablename__ = "event_briefs"
    __table_args__ = (UniqueConstraint("event_id"),)

    visit_id: Mapped[int] = _visit_fk()
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    objectives: Mapped[str] = mapped_column(Text, default="")
    their_objectives: Mapped[str] = mapped_column(Text, default="")
    our_response: Mapped[str] = mapped_column(Text, default="")
    if_raised: Mapped[str] = mapped_column(Text, default="")
    do_not_raise: Mapped[str] = mapped_column(Text, default="")
    background_nfd: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()

    event: Mapped["Event"] = relationship(back_populates="brief")


class Participation(Row, Base):
    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        Index("ix_participations_event_position", "event_id", "position"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[E.Role] = mapped_column(_enum(E.Role, "role"), default=E.Role.PARTICIPANT)
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped["Event"] = relationship(back_populates="participations")
    person: Mapped["Person"] = relationship()


class TalkingPoint(Row, Base):
    __tablename__ = "talking_points"
    __table_args__ = (
        Index("ix_talking_points_visit_priority", "visit_id", "priority"),
    )

    visit_id: Mapped[int] = _visit_fk()
    heading: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")  # for an expected question
    point_type: Mapped[E.PointType] = mapped_column(
        _enum(E.PointType, "point_kind"), default=E.PointType.POINT_TO_MAKE
    )
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 high, 2 normal, 3 low
    topics: Mapped[str] = mapped_column(String(500), default="")  # comma-separated tags
    status: Mapped[E.PointStatus] = mapped_column(
        _enum(E.PointStatus, "point_status"), default=E.PointStatus.DRAFT
    )
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)

    fact_links: Mapped[list["TalkingPointFact"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class EventTalkingPoint(Row, Base):
    __tablename__ = "event_talking_points"
    __table_args__ = (
        UniqueConstraint("event_id", "talking_point_id"),
        Index("ix_event_talking_points_event_position", "event_id", "position"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    talking_point_id: Mapped[int] = mapped_column(
        ForeignKey("talking_points.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped["Event"] = relationship(back_populates="point_links")
    talking_point: Mapped["TalkingPoint"] = relationship()


class Fact(Row, Base):
    __tablename__ = "facts"

    visit_id: Mapped[int] = _visit_fk()
    statement: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(100), default="")
    as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(String(500), default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class TalkingPointFact(Row, Base):
    __tablename__ = "talking_point_facts"
    __table_args__ = (UniqueConstraint("talking_point_id", "fact_id"),)

    talking_point_id: Mapped[int] = mapped_column(
        ForeignKey("talking_points.id", ondelete="CASCADE"), index=True
    )
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)

    fact: Mapped["Fact"] = relationship()


class EventFact(Row, Base):
    __tablename__ = "event_facts"
    __table_args__ = (
        UniqueConstraint("event_id", "fact_id"),
        Index("ix_event_facts_event_position", "event_id", "position"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    fact: Mapped["Fact"] = relationship()


class Agreement(Row, Base):
    __tablename__ = "agreements"
    __table_args__ = (
        Index("ix_agreements_visit_order", "visit_id", "signing_order", "title"),
    )

    visit_id: Mapped[int] = _visit_fk()
    title: Mapped[str] = mapped_column(String(500))
    agreement_type: Mapped[E.AgreementType] = mapped_column(
        _enum(E.AgreementType, "agreement_kind"), default=E.AgreementType.AGREEMENT
    )
    parties: Mapped[str] = mapped_column(Text, default="")
    lead_agency: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[E.AgreementStatus] = mapped_column(
        _enum(E.AgreementStatus, "agreement_status"), default=E.AgreementStatus.DRAFT
    )
    signing_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True
    )
    languages: Mapped[str] = mapped_column(String(200), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    signing_order: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)

    status_changes: Mapped[list["AgreementStatusChange"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgreementStatusChange.changed_at",
    )
    signatories: Mapped[list["AgreementSignatory"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgreementSignatory.position"
    )
    versions: Mapped[list["AgreementVersion"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgreementVersion.number"
    )


class AgreementStatusChange(Row, Base):
    __tablename__ = "agreement_status_changes"
    __table_args__ = (
        Index("ix_agreement_status_changes_agreement_time", "agreement_id", "changed_at"),
    )

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[E.AgreementStatus] = mapped_column(
        _enum(E.AgreementStatus, "agreement_status")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class AgreementSignatory(Row, Base):
    __tablename__ = "agreement_signatories"
    __table_args__ = (
        UniqueConstraint("agreement_id", "person_id"),
        Index("ix_agreement_signatories_agreement_position", "agreement_id", "position"),
    )

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped["Person"] = relationship()


class AgreementVersion(Row, Base):
    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class PressQA(Row, Base):
    """A question journalists are expected to ask and the answer cleared for them."""

    __tablename__ = "press_qas"

    visit_id: Mapped[int] = _visit_fk()
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[E.PointStatus] = mapped_column(
        _enum(E.PointStatus, "qa_status"), default=E.PointStatus.DRAFT
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True
    )
    topics: Mapped[str] = mapped_column(String(500), default="")  # comma-separated tags
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class PrecedenceEntry(Row, Base):
    """A person's place in their side's order of precedence (revision 0008).

    Equal ranks are ties, broken by office rank (1 = highest office) and then by the
    earlier date of appointment (core/precedence.py holds the rule)."""

    __tablename__ = "precedence"
    __table_args__ = (UniqueConstraint("person_id"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(Integer, default=1)
    office_rank: Mapped[int] = mapped_column(Integer, default=100)
    appointed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class SeatingPlan(Row, Base):
    """The table layout of one event and who sits where (revision 0008)."""

    __tablename__ = "seating_plans"

    visit_id: Mapped[int] = _visit_fk()
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    layout: Mapped[E.TableLayout] = mapped_column(
        _enum(E.TableLayout, "table_layout"), default=E.TableLayout.ROUND
    )
    convention: Mapped[E.SeatingConvention] = mapped_column(
        _enum(E.SeatingConvention, "seating_convention"), default=E.SeatingConvention.MEAL
    )
    seat_count: Mapped[int] = mapped_column(Integer, default=10)
    length_m: Mapped[float] = mapped_column(Float, default=2.4)  # diameter of a round table
    width_m: Mapped[float] = mapped_column(Float, default=1.2)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)

    seats: Mapped[list["SeatAssignment"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SeatAssignment.seat"
    )


class SeatAssignment(Row, Base):
    """One person in one seat of a plan; `behind`: the chair behind that seat (an
    interpreter behind their principal). Two people in one seat is allowed in the file
    and reported by the plan's checks."""

    __tablename__ = "seat_assignments"
    __table_args__ = (
        UniqueConstraint("plan_id", "person_id"),
        Index("ix_seat_assignments_plan_seat", "plan_id", "seat"),
    )

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("seating_plans.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    seat: Mapped[int] = mapped_column(Integer, default=1)
    behind: Mapped[bool] = mapped_column(Boolean, default=False)


@orm_event.listens_for(Event, "before_insert")
@orm_event.listens_for(Event, "before_update")
def _event_span(_mapper: object, _connection: object, target: Event) -> None:
    """Last line of defence: no ORM write stores an event that ends before it starts.

    Checked on insert and when the times change, so an old row that is already wrong
    can still have its title edited (and its times put right).
    """
    state = inspect(target)
    if state.pending or any(state.attrs[k].history.has_changes() for k in ("starts_at", "ends_at")):
        event_span(target.starts_at, target.ends_at)


# --- the protocol office's lists (issue 13; revision 0008b_protocol_lists) ------------

class Delegate(Row, Base):
    """A member of our delegation as the protocol office lists them. The passport data
    lives in a row of its own (`DelegatePassport`), which a row-level rule hides from
    those not cleared for it; the delegate reads and writes it through `passport_*`
    attributes as if they were its own (`_companion_field`), so forms, undo and the
    delegate's record need not know where it is kept."""

    __tablename__ = "delegates"

    visit_id: Mapped[int] = _visit_fk()
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True)
    delegation_role: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[E.Accreditation] = mapped_column(
        _enum(E.Accreditation, "accreditation"), default=E.Accreditation.OFFICIAL)
    badge_number: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(200), default="")
    visa_status: Mapped[E.VisaStatus] = mapped_column(
        _enum(E.VisaStatus, "visa_status"), default=E.VisaStatus.NOT_REQUIRED)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)

    passport: Mapped["DelegatePassport | None"] = relationship(
        back_populates="delegate", cascade="all, delete-orphan", passive_deletes=True)


class DelegatePassport(Row, Base):
    """A delegate's passport data, restricted at least (0013_delegate_passports): in a
    row of its own so that the server's row-level security hides it from a user who may
    read the delegation list but not the passports (issue 11)."""

    __tablename__ = "delegate_passports"
    __table_args__ = (UniqueConstraint("delegate_id"),)

    visit_id: Mapped[int] = _visit_fk()
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id", ondelete="CASCADE"))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    passport_number: Mapped[str] = mapped_column(String(40), default="")
    passport_expiry: Mapped[date | None] = mapped_column(Date, nullable=True)
    level: Mapped[E.Level] = _level()

    delegate: Mapped["Delegate"] = relationship(back_populates="passport")


def _companion_field(relation: str, model: type[Row], name: str) -> property:
    """An owner's attribute kept in its companion row: reads the column's empty value
    when there is no companion (or the server hides it), and makes the companion on the
    first write of a value."""
    column = model.__table__.c[name]
    empty = None if column.nullable else column.default.arg

    def get(self: Any) -> Any:
        companion = getattr(self, relation)
        return empty if companion is None else getattr(companion, name)

    def put(self: Any, value: Any) -> None:
        companion = getattr(self, relation)
        if companion is None:
            if value == empty:
                return
            companion = model()
            setattr(self, relation, companion)
        elif getattr(companion, name) == value:
            return
        setattr(companion, name, value)
        # The owner's version moves too: its record is what an editor read, so a second
        # writer's stale change of these fields is refused like any other.
        self.updated_at = _utcnow()

    return property(get, put, doc=f"{model.__tablename__}.{name}, kept in its own row")


# Owner model -> (the relation to its companion, the companion model, the foreign key
# back to the owner): restricted fields kept in rows of their own. The owner's record
# carries them (core/records.py), its list read joins them (core/reads.py).
COMPANIONS: dict[type[Row], tuple[str, type[Row], str]] = {
    Visit: ("brief", VisitBrief, "visit_id"),
    Event: ("brief", EventBrief, "event_id"),
    Delegate: ("passport", DelegatePassport, "delegate_id"),
}


def companion_fields(model: type[Row]) -> tuple[str, ...]:
    """The columns of `model`'s companion that read as the owner's own ("" if none)."""
    if model not in COMPANIONS:
        return ()
    _relation, companion, back = COMPANIONS[model]
    return tuple(c.name for c in companion.__table__.columns
                 if c.name not in ("id", "uuid", "created_at", "updated_at", "row_version",
                                   "visit_id", "level", back))


def companion_floor(session: Any, visit_id: int | None) -> None:
    """Raise each companion row of the visit to its owner's level where it is below it
    (a confidential delegate's passport is confidential). The models' events do it for
    rows the ORM writes; a bundle merge and a sync write rows in bulk, without them, so
    they call this in their transaction. The row's version moves, as for any change."""
    if visit_id is None:
        return
    from sqlalchemy import case, update

    from briefing_app.core.levels import RANK

    def rank(expr: Any) -> Any:
        return case(RANK, value=expr, else_=-1)

    for owner, (_relation, companion, back) in COMPANIONS.items():
        own, comp = owner.__table__, companion.__table__
        if "level" not in own.c:  # a visit has no level of its own: restricted is the floor
            continue
        level = select(own.c.level).where(own.c.id == comp.c[back]).scalar_subquery()
        session.execute(update(comp).where(comp.c.visit_id == visit_id,
                                           rank(level) > rank(comp.c.level))
                        .values(level=level, row_version=comp.c.row_version + 1))


for _owner, (_relation, _companion, _back) in COMPANIONS.items():
    for _name in companion_fields(_owner):
        setattr(_owner, _name, _companion_field(_relation, _companion, _name))


class CarSeat(Row, Base):
    """One person in one vehicle of a transfer: a car of its motorcade (the car's
    driver and liaison are given on its seats, the first one filled in counts) or a
    flight, train or coach (its number in `car_number`, the seat in `seat`)."""

    __tablename__ = "car_seats"

    visit_id: Mapped[int] = _visit_fk()
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True)
    car_position: Mapped[int] = mapped_column(Integer, default=1)  # order in the motorcade
    car_number: Mapped[str] = mapped_column(String(40))
    vehicle: Mapped[E.Vehicle] = mapped_column(_enum(E.Vehicle, "vehicle"),
                                               default=E.Vehicle.CAR)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=True, index=True)
    seat: Mapped[str] = mapped_column(String(100), default="")
    driver: Mapped[str] = mapped_column(String(300), default="")
    liaison: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class Room(Row, Base):
    """One line of a hotel's rooming list."""

    __tablename__ = "rooms"

    visit_id: Mapped[int] = _visit_fk()
    hotel_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="SET NULL"), nullable=True, index=True)
    room: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=True, index=True)
    check_in: Mapped[date | None] = mapped_column(Date, nullable=True)
    check_out: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class Gift(Row, Base):
    """A gift given or received, for the protocol section and the ethics return."""

    __tablename__ = "gifts"

    visit_id: Mapped[int] = _visit_fk()
    description: Mapped[str] = mapped_column(String(300))
    direction: Mapped[E.GiftDirection] = mapped_column(
        _enum(E.GiftDirection, "gift_direction"), default=E.GiftDirection.GIVEN)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True)
    giver_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    photo_mime: Mapped[str] = mapped_column(String(64), default="")
    disposition: Mapped[E.GiftDisposition] = mapped_column(
        _enum(E.GiftDisposition, "gift_disposition"), default=E.GiftDisposition.UNDECIDED)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


class Speech(Row, Base):
    """A speech's text, printed as a reading copy (pdf/sections/reading_copy.py)."""

    __tablename__ = "speeches"

    visit_id: Mapped[int] = _visit_fk()
    title: Mapped[str] = mapped_column(String(300))
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    words_per_minute: Mapped[int] = mapped_column(Integer, default=120)
    notes: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[E.Level] = _level()  # 0009: who may read it (core/levels.py)


# --- who may see what (revision 0009_levels; core/levels.py) --------------------------

# A user's clearance: the login role `role_name` may read rows up to `level` in visit
# `visit_id` (NULL: in every visit). Not a kind: it never travels in bundles or copies,
# and only the server's administrator writes it (`briefing-app server add-user`).
clearances = Table(
    "clearances", Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("role_name", String(63), nullable=False),
    Column("visit_id", Integer, ForeignKey("visits.id", ondelete="CASCADE"), nullable=True,
           index=True),
    Column("level", _enum(E.Level, "level"), nullable=False),
    UniqueConstraint("role_name", "visit_id"),
)

LEVELLED: tuple[type[Row], ...] = (VisitBrief, Venue, Person, Event, EventBrief,
                                   TalkingPoint, Fact, Agreement, PressQA, SeatingPlan,
                                   Delegate, DelegatePassport, CarSeat, Room, Gift, Speech)


def companion_uuid(table: str, owner_uuid: str) -> str:
    """A companion row's UUID, derived from its owner's: the same wherever the same
    owner's row gets one (two laptops, a bundle of an older app, 0013's split), so they
    merge as one row instead of clashing on the one-per-owner rule."""
    return str(uuid_mod.uuid5(uuid_mod.NAMESPACE_URL, f"{table}:{owner_uuid}"))


def _owner_of(connection: Any, target: Any) -> tuple[Any, Any, Any] | None:
    """(visit_id, uuid, level) of a companion row's owner (models.COMPANIONS): from the
    loaded owner, else from the database when it was given by id (a visit's copy)."""
    owner_model = next(o for o, (_r, c, _fk) in COMPANIONS.items() if c is type(target))
    relation = next(r for r, _target in
                    ((rel.key, rel.mapper.class_) for rel in type(target).__mapper__.relationships)
                    if _target is owner_model)
    # a visit is its own visit and has no level (its rows have theirs)
    visit_of = "id" if owner_model is Visit else "visit_id"
    table = owner_model.__table__
    owner = getattr(target, relation)
    if owner is not None:
        return getattr(owner, visit_of), owner.uuid, getattr(owner, "level", None)
    owner_id = getattr(target, COMPANIONS[owner_model][2])
    if owner_id is None:
        return None
    level = table.c.level if "level" in table.c else null()
    return connection.execute(select(table.c[visit_of], table.c.uuid, level)
                              .where(table.c.id == owner_id)).first()


def _companion_visit(_mapper: object, connection: Any, target: Any) -> None:
    """A companion row belongs to its owner's visit (it is made without one) and takes
    the UUID derived from its owner's."""
    found = _owner_of(connection, target)
    if found is None:
        return
    owner_visit, owner_uuid, _level = found
    if target.visit_id is None:
        target.visit_id = owner_visit
    if target.uuid is None and owner_uuid is not None:
        target.uuid = companion_uuid(target.__tablename__, owner_uuid)


def _take_default_level(_mapper: object, connection: Any, target: Any) -> None:
    """A new row without a level takes its visit's default (however it is created)."""
    if target.level is None and target.visit_id is not None:
        target.level = connection.execute(
            select(Visit.default_level).where(Visit.id == target.visit_id)).scalar()


def _restricted_point(_mapper: object, _connection: object, target: TalkingPoint) -> None:
    """A talking point marked restricted is never readable below restricted."""
    if target.restricted and target.level is not None:
        from briefing_app.core.levels import RESTRICTED, at_least

        target.level = E.Level(at_least(target.level, RESTRICTED))


def _companion_level(_mapper: object, connection: Any, target: Any) -> None:
    """A companion row (passport data, an event's positions) is never readable below
    restricted, nor below its owner."""
    from briefing_app.core.levels import RESTRICTED, at_least

    level = at_least(target.level, RESTRICTED)
    found = _owner_of(connection, target)
    if found is not None and found[2]:
        level = at_least(level, found[2])
    target.level = E.Level(level)


def _owner_level(relation: str) -> Any:
    """An owner raised above its companion's level raises the companion with it."""
    def raise_companion(target: Any, value: Any, _old: Any, _initiator: Any) -> Any:
        from briefing_app.core.levels import at_least

        companion = getattr(target, relation)
        if value and companion is not None and companion.level:
            raised = E.Level(at_least(companion.level, value))
            if raised != companion.level:
                companion.level = raised
        return value

    return raise_companion


for _owner, (_relation, _companion, _back) in COMPANIONS.items():
    if "level" in _owner.__table__.c:
        orm_event.listen(_owner.level, "set", _owner_level(_relation), retval=True)
    orm_event.listen(_companion, "before_insert", _companion_visit)  # before its level
for _model in LEVELLED:
    orm_event.listen(_model, "before_insert", _take_default_level)
for _companion in (c for _r, c, _b in COMPANIONS.values()):
    orm_event.listen(_companion, "before_insert", _companion_level)
orm_event.listen(TalkingPoint, "before_insert", _restricted_point)
orm_event.listen(TalkingPoint, "before_update", _restricted_point)


def _drop_empty_companions(session: Session, _context: object, _instances: object) -> None:
    """A companion row whose fields have all been emptied goes (a new one is not made):
    an event with no positions has no restricted brief, so none shows in search, the
    audit or a sync. Its owner keeps its version step; refilling a field makes the row
    again, with the same derived UUID."""
    for obj in [*session.new, *session.dirty]:
        spec = _COMPANION_OWNERS.get(type(obj))
        if spec is None:
            continue
        back, relation, fields = spec
        if any(getattr(obj, name) not in (None, "") for name in fields):
            continue
        owner = getattr(obj, back)
        if owner is not None and getattr(owner, relation) is obj:
            setattr(owner, relation, None)  # delete-orphan: deleted, or never inserted
        elif obj in session.new:
            session.expunge(obj)
        else:
            session.delete(obj)


# Companion model -> (its relation to its owner, the owner's relation to it, its fields).
_COMPANION_OWNERS: dict[type, tuple[str, str, tuple[str, ...]]] = {
    companion: (next(r.key for r in companion.__mapper__.relationships
                     if r.mapper.class_ is owner), relation, companion_fields(owner))
    for owner, (relation, companion, _back) in COMPANIONS.items()}
orm_event.listen(Session, "before_flush", _drop_empty_companions)


from briefing_app.core.sync import tables as _sync_tables  # noqa: E402,F401  (the sync's tables on the same metadata)
