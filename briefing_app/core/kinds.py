"""Every kind of row, declared once; what each part of the app needs is derived from it.

A `Kind` names its model, how it is called in messages and menus, which field names an
item, the order its list is shown in, how its columns are judged (rules come from the
column types: a `String(200)` column takes at most 200 characters, an enum column only
its members; only what a type cannot say is declared, such as a number's range or a
`Text` column's limit), what it is indexed under for search, how `duplicate_visit`
copies it, and which bundle section carries it. From these come the operations'
registry (`ops/registry.py`), the validation rules (`validation.clean`), the bundle
sections (`interop/bundle_schema.py`), the search index (`search_schema.INDEXED`) and
the copy of a visit (`ops/visits.duplicate_visit`). tests/core/test_kinds.py fails when
a model has no declaration or a declaration disagrees with the model's columns;
docs/adding-an-item.md walks through adding a kind.

`KINDS` is in bundle order: each kind refers only to kinds before it (the visit's
principal, set last, is the one exception).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)

from briefing_app.core import enums as E
from briefing_app.core import models as M
from briefing_app.core import records as R
from briefing_app.core.enums import kind_label
from briefing_app.core.errors import ValidationError
from briefing_app.core.validation import (
    Rule,
    a_date,
    blob,
    boolean,
    choice,
    instant,
    integer,
    number,
    optional_id,
    text,
    tz_name,
)

# Columns the app keeps itself: never typed in, never judged by a rule.
BOOKKEEPING: frozenset[str] = frozenset({*R.META_FIELDS, "visit_id"})


@dataclass(frozen=True)
class Search:
    """What a kind contributes to the search index (core/search_schema.py).

    `title` and `visit` are SQL in terms of the row alias `{r}`; the body is the named
    columns, then `extra` (SQL) if given. A search index is created by a migration:
    changing this needs one (tests/core/test_kinds.py compares the two).
    """

    code: int  # the kind's code in index keys (id * 16 + code): never reuse one
    title: str
    body: tuple[str, ...]
    extra: str = ""
    visit: str = "{r}.visit_id"


@dataclass(frozen=True)
class Copy:
    """How `duplicate_visit` carries a kind into the next visit.

    mode "all" copies every row (those referring to a row that was not copied are left
    out, or lose the reference where it may be empty); "none" copies nothing (history
    stays with the old visit); "latest" copies only the highest-numbered row per owner,
    renumbered 1 with a note saying where it came from. `reset` sets columns on every
    copy (cleared for one visit is not cleared for the next), `skip` leaves out rows
    whose column has the value given, and `shift_times` moves events to the new dates
    keeping their wall-clock times at their venues.
    """

    mode: str = "all"
    reset: Mapping[str, Any] = field(default_factory=dict)
    skip: Mapping[str, Any] = field(default_factory=dict)
    shift_times: bool = False


@dataclass(frozen=True)
class Kind:
    """One kind of row. Only `name`, `model`, `label` and `bundle` are always needed."""

    name: str  # "talking_point": the kind's name in operations, change sets, search hits
    model: type[M.Row]
    label: str  # lower case, in messages: "talking point"
    bundle: str  # its section in a visit bundle (the table name)
    plural: str = ""  # "" = label + "s"
    # Fields that name an item, tried in order (a talking point without a heading is
    # named by its text).
    title_fields: tuple[str, ...] = ("title",)
    order: tuple[str, ...] = ("id",)  # its list order within a visit (id breaks ties)
    item: bool = False  # edited on its own through ops/entities (else part of another)
    # Rules a column's type cannot give: a number's range, a zone, a Text's limit.
    overrides: Mapping[str, Rule] = field(default_factory=dict)
    limits: Mapping[str, int] = field(default_factory=dict)  # at most this many characters (Text columns)
    computed: tuple[str, ...] = ()  # set by the operation (event times), not typed in
    view: str = ""  # the window view that shows it (search results open it)
    search: Search | None = None
    copy: Copy = Copy()
    # Fields added after the bundle format's first release, with what a bundle without
    # them means (a colleague's older app wrote it).
    bundle_added: Mapping[str, Any] = field(default_factory=dict)
    # Fields moved since to a kind of their own: field -> that kind (an older app's bundle
    # still imports: bundle_read makes the row there).
    bundle_moved: Mapping[str, str] = field(default_factory=dict)
    # Fields renamed since: new name -> the name an older app's bundle wrote, still read.
    bundle_renamed: Mapping[str, str] = field(default_factory=dict)
    bundle_frozen: tuple[str, ...] = ()  # never changed by a merge
    record: type | None = field(default=None)  # its plain record (core/records.py)

    @property
    def table(self) -> Any:
        return self.model.__table__

    @property
    def plural_label(self) -> str:
        return self.plural or self.label + "s"

    @property
    def owned_by_visit(self) -> bool:
        return "visit_id" in self.table.c

    @cached_property
    def references(self) -> dict[str, str]:
        """Foreign-key column -> the kind it points at (visit_id aside)."""
        out = {}
        for column in self.table.columns:
            if column.name == "visit_id":
                continue
            for fk in column.foreign_keys:
                out[column.name] = BY_TABLE[fk.column.table.name].name
        return out

    @cached_property
    def column_rules(self) -> dict[str, Rule]:
        """A rule for every column but the bookkeeping ones, in column order."""
        return {c.name: self._rule(c) for c in self.table.columns if c.name not in BOOKKEEPING}

    @cached_property
    def rules(self) -> dict[str, Rule]:
        """What a user may set (forms, CLI, calendar import): not computed columns, and
        the fields kept in its companion row (models.COMPANIONS), by that row's rules."""
        own = {k: v for k, v in self.column_rules.items() if k not in self.computed}
        if self.model in M.COMPANIONS:
            companion = BY_MODEL[M.COMPANIONS[self.model][1]]
            own |= {n: companion.column_rules[n] for n in M.companion_fields(self.model)}
        return own

    @cached_property
    def required(self) -> frozenset[str]:
        """Fields a new row must be given: no default and no empty value."""
        return frozenset(c.name for c in self.table.columns if c.name in self.rules
                         and _required(c))

    @cached_property
    def natural_key(self) -> tuple[str, ...]:
        """Columns of its unique constraint (a link's two ends), if it has one."""
        for constraint in self.table.constraints:
            if isinstance(constraint, UniqueConstraint) and not {"uuid", "visit_id"} & set(
                    constraint.columns.keys()):
                return tuple(c.name for c in constraint.columns)
        return ()

    def _rule(self, column: Any) -> Rule:
        name = column.name
        if name in self.overrides:
            return self.overrides[name]
        kind = column.type
        if column.foreign_keys:
            return optional_id
        if isinstance(kind, Enum) and kind.enum_class is not None:
            return choice(kind.enum_class)
        if isinstance(kind, M.UTCDateTime):
            return instant
        if isinstance(kind, Text):
            return text(self.limits.get(name, 100_000), required=_required(column))
        if isinstance(kind, String):
            return text(self.limits.get(name, kind.length),
                        required=_required(column), single_line=True)
        if isinstance(kind, Boolean):
            return boolean
        if isinstance(kind, Float):
            return number
        if isinstance(kind, Date):
            return a_date(required=not column.nullable)
        if isinstance(kind, LargeBinary):
            return blob
        if isinstance(kind, Integer):
            raise TypeError(f"{self.name}.{name}: a whole number needs its range in overrides")
        raise TypeError(f"{self.name}.{name}: no rule for a {kind!r} column")

    def title_of(self, row: Any) -> str:
        """What names one row (a record, ORM object or mapping of values)."""
        get = row.get if isinstance(row, Mapping) else (lambda n: getattr(row, n, None))
        for name in self.title_fields:
            value = get(name)
            if value:
                return str(value)
        return ""


def _required(column: Any) -> bool:
    return not column.nullable and column.default is None and not column.primary_key


_TZ = {"tz": tz_name}


def _metres(field: str, value: Any) -> float:
    """A table's length or width: 0.5 m to 60 m (a banquet hall's head table)."""
    result = number(field, value)
    if result is None or not 0.5 <= result <= 60:
        raise ValidationError(field, "must be between 0.5 and 60 metres")
    return result


_ORDERED = integer(-1_000_000, 1_000_000)
_POSITION = {"position": integer(0, 1_000_000)}
_DRAFT = {"status": E.PointStatus.DRAFT}
_VISIT_BODY = ("purpose", "host_country", "host_city", "notes", "press_contacts",
               "duty_contacts",
               # the book's fields (0006_search_book_fields)
               "issuing_department", "drafted_by", "cleared_by", "as_at", "distribution")
# A person's names (native and Latin) are part of every event they take part in.
# (The derived table is named: PostgreSQL before 16 requires it, SQLite allows it.)
_PARTICIPANTS = (
    "coalesce((SELECT group_concat(n, ' ') FROM (SELECT p.native_name || ' ' || "
    "coalesce(p.latin_name, '') AS n FROM participations AS pa JOIN people AS p "
    "ON p.id = pa.person_id WHERE pa.event_id = {r}.id ORDER BY pa.position, pa.id) AS names), '')"
)

# A person's names, for the index title of a row that refers to one.
_PERSON_OF = ("coalesce((SELECT p.native_name || ' ' || coalesce(p.latin_name, '') "
              "FROM people AS p WHERE p.id = {{r}}.{col}), '')")

# A transfer seat's title names its vehicle: "Car 1 …", "Flight KC 001 …".
_VEHICLE_TITLE = ("CASE {r}.vehicle WHEN 'aircraft' THEN 'Flight ' WHEN 'train' THEN 'Train ' "
                  "WHEN 'coach' THEN 'Coach ' ELSE 'Car ' END || ")

# What a bundle written before levels (0009_levels) means: its rows were readable by
# everyone who had the file, and its visit gave no default.
_LEVEL = {"level": E.Level.PUBLIC.value}


def _restricted_at_least(name: str, value: Any) -> E.Level:
    """A companion row's level (passport data, an event's positions): never below
    restricted, whoever writes it (a bundle and a sync write such rows without the
    model's events, models._companion_level)."""
    from briefing_app.core.levels import RESTRICTED, rank

    level = choice(E.Level)(name, value)
    if rank(level) < rank(RESTRICTED):
        raise ValidationError(name, f"restricted data are never below Restricted (not {level})")
    return E.Level(level)


# An event's fields kept in its companion row (models.EventBrief, 0014_event_briefs).
_BRIEF_FIELDS = ("objectives", "their_objectives", "our_response", "if_raised",
                 "do_not_raise", "background_nfd")
_DEFAULT_LEVEL = {"default_level": E.Level.PUBLIC.value}

KINDS: tuple[Kind, ...] = (
    Kind("visit", M.Visit, "visit", "visit", record=R.VisitRecord, item=True,
         order=("start_date", "title"), view="programme",
         overrides={"home_tz": tz_name, "fact_stale_days": integer(1, 36_500)},
         search=Search(1, "{r}.title", _VISIT_BODY, visit="{r}.id"),
         bundle_added={**_DEFAULT_LEVEL, "press_marking": "PUBLIC", "press_embargo": "", "press_contacts": "",
                       "duty_contacts": "", "issuing_department": "", "drafted_by": "",
                       "cleared_by": "", "as_at": "", "distribution": ""},
         bundle_renamed={"visit_type": "kind"},
         # before 0015 the visit's positions were its own fields
         bundle_moved=dict.fromkeys(("objectives", "key_messages", "risks"), "visit_brief")),
    # Restricted at least (models._companion_level); edited through its visit, in a row
    # of its own so that the server's row-level security can hide it from a user who may
    # read the visit (0015_visit_briefs). Not indexed: every search code is taken (a
    # key is id * 16 + code), and folding its text into the visit's entry would show it
    # to whoever may read the visit.
    Kind("visit_brief", M.VisitBrief, "restricted visit brief", "visit_briefs",
         title_fields=("objectives",), view="programme",
         overrides={"level": _restricted_at_least}),
    Kind("venue", M.Venue, "venue", "venues", record=R.VenueRecord, item=True,
         title_fields=("name",), order=("name",), view="venues", overrides=_TZ,
         search=Search(8, "{r}.name", ("city", "address", "notes")),
         bundle_added={**_LEVEL, "country": ""}),
    Kind("person", M.Person, "person", "people", plural="people", record=R.PersonRecord,
         item=True, title_fields=("native_name",),
         order=("sort_order", "latin_name", "native_name"), view="people",
         overrides={"sort_order": _ORDERED},
         search=Search(3, "{r}.native_name || ' ' || coalesce({r}.latin_name, '')",
                       ("title", "organisation", "country", "form_of_address", "biography",
                        "notes", "public_biography")),
         bundle_added={**_LEVEL, "public_biography": ""}),
    Kind("event", M.Event, "event", "events", record=R.EventRecord, item=True,
         order=("starts_at", "ends_at", "title"), view="brief",
         overrides={"tz": tz_name, "end_tz": lambda f, v: "" if not v else tz_name(f, v),
                    # the status before a cancellation, which reinstating brings back (0007)
                    "prior_status": lambda f, v: "" if not v else
                    choice(E.EventStatus)(f, v).value},
         computed=("starts_at", "ends_at"),
         search=Search(2, "{r}.title",
                       ("press_line", "background", "scenario",
                        "protocol_notes", "logistics_notes", "dress_code", "event_type",
                        "media_notes", "accreditation_point",
                        # the book's fields (0006_search_book_fields)
                        "meeting_format", "speaking_order"),
                       extra=_PARTICIPANTS),
         copy=Copy(reset={"press_line_status": E.PointStatus.DRAFT},
                   skip={"status": E.EventStatus.CANCELLED}, shift_times=True),
         bundle_added={**_LEVEL, "press_line_status": "draft", "photo_opportunity": False,
                       "accreditation_point": "", "media_notes": "", "arrival_venue": None,
                       "meeting_format": "", "speaking_order": "", "prior_status": ""},
         bundle_renamed={"event_type": "kind"},
         # before 0014 an event's positions were its own fields
         bundle_moved=dict.fromkeys(_BRIEF_FIELDS, "event_brief")),
    # Restricted at least (models._companion_level); edited through its event, in a row
    # of its own so that the server's row-level security can hide it from a user who may
    # read the event (0014_event_briefs). Its index entry is its own: search finds an
    # event's positions for those who may read them, the event for everyone else.
    Kind("event_brief", M.EventBrief, "restricted brief", "event_briefs",
         title_fields=("objectives",), view="brief",
         overrides={"level": _restricted_at_least},
         search=Search(0, "(SELECT title FROM events WHERE id = {r}.event_id)",
                       _BRIEF_FIELDS)),
    Kind("press_qa", M.PressQA, "press question", "press_qas",
         record=R.PressQARecord, item=True, title_fields=("question",),
         order=("sort_order", "id"), view="press-qa",
         overrides={"sort_order": _ORDERED}, limits={"question": 5_000},
         search=Search(9, "substr({r}.question, 1, 120)", ("question", "answer", "topics")),
         copy=Copy(reset=_DRAFT),
         bundle_added=_LEVEL),
    Kind("participation", M.Participation, "participant", "participations",
         record=R.ParticipationRecord, title_fields=(), order=("position", "id"),
         overrides=_POSITION),
    Kind("talking_point", M.TalkingPoint, "talking point", "talking_points",
         record=R.TalkingPointRecord, item=True, title_fields=("heading", "text"),
         order=("priority", "id"), view="talking-points",
         overrides={"priority": integer(1, 3)},
         search=Search(4, "coalesce(nullif({r}.heading, ''), substr({r}.text, 1, 80))",
                       ("text", "answer", "topics", "point_type")),
         bundle_added=_LEVEL, bundle_renamed={"point_type": "kind"}),
    Kind("fact", M.Fact, "fact", "facts", record=R.FactRecord, item=True,
         title_fields=("statement",), view="facts",
         limits={"statement": 5_000, "source": 2_000},
         search=Search(5, "substr({r}.statement, 1, 120)",
                       ("statement", "unit", "source", "topics")),
         bundle_added=_LEVEL),
    Kind("event_talking_point", M.EventTalkingPoint, "talking point of an event",
         "event_talking_points", title_fields=(), order=("position", "id"),
         overrides=_POSITION),
    Kind("talking_point_fact", M.TalkingPointFact, "fact of a talking point",
         "talking_point_facts", title_fields=()),
    Kind("event_fact", M.EventFact, "fact of an event", "event_facts", title_fields=(),
         order=("position", "id"), overrides=_POSITION),
    Kind("agreement", M.Agreement, "agreement", "agreements", record=R.AgreementRecord,
         item=True, order=("signing_order", "title"), view="agreements",
         overrides={"signing_order": integer(0, 10_000)},
         computed=("status",),  # moved by ops/agreements.set_status, which keeps history
         search=Search(6, "{r}.title", ("parties", "lead_agency", "languages", "notes",
                                         "agreement_type")),
         copy=Copy(reset={"status": E.AgreementStatus.DRAFT}),
         bundle_added=_LEVEL, bundle_renamed={"agreement_type": "kind"}),
    Kind("agreement_status_change", M.AgreementStatusChange, "status change",
         "agreement_status_changes", record=R.StatusChangeRecord, title_fields=("status",),
         order=("changed_at", "id"), limits={"note": 2_000}, copy=Copy(mode="none")),
    Kind("agreement_signatory", M.AgreementSignatory, "signatory", "agreement_signatories",
         title_fields=(), order=("position", "id"), plural="signatories", overrides=_POSITION),
    Kind("agreement_version", M.AgreementVersion, "agreement text", "agreement_versions",
         record=R.AgreementVersionRecord, title_fields=("number",), order=("number",),
         view="agreements", overrides={"number": integer(1, 1_000_000)},
         limits={"text": 2_000_000, "note": 2_000},
         search=Search(7, "(SELECT title FROM agreements WHERE id = {r}.agreement_id) || "
                       "' — version ' || {r}.number", ("text", "note", "author"),
                       visit="(SELECT visit_id FROM agreements WHERE id = {r}.agreement_id)"),
         copy=Copy(mode="latest"), bundle_frozen=("number",)),
    # The protocol office (issue 13): precedence hangs off its person, a seating plan
    # belongs to an event, its seats hang off the plan.
    Kind("precedence", M.PrecedenceEntry, "precedence entry", "precedence",
         record=R.PrecedenceRecord, title_fields=(), plural="precedence entries",
         order=("rank", "office_rank", "id"),
         overrides={"rank": integer(1, 10_000), "office_rank": integer(1, 10_000)}),
    Kind("seating_plan", M.SeatingPlan, "seating plan", "seating_plans",
         record=R.SeatingPlanRecord, item=True, title_fields=("title",),
         order=("title", "id"), view="seating",
         search=Search(13, "{r}.title", ("notes", "layout", "convention")),
         overrides={"seat_count": integer(1, 400), "length_m": _metres, "width_m": _metres},
         bundle_added=_LEVEL),
    Kind("seat_assignment", M.SeatAssignment, "seat", "seat_assignments",
         record=R.SeatRecord, title_fields=(), order=("seat", "behind", "id"),
         overrides={"seat": integer(1, 400)}),
    # The protocol office's lists (issue 13, revision 0008b_protocol_lists). A delegate's
    # passport fields are never indexed: search shows no restricted data.
    Kind("delegate", M.Delegate, "delegate", "delegates", record=R.DelegateRecord, item=True,
         title_fields=("delegation_role", "badge_number"), order=("category", "id"),
         view="delegation",
         search=Search(11, _PERSON_OF.format(col="person_id"),
                       ("delegation_role", "category", "badge_number", "nationality",
                        "visa_status", "notes")),
         bundle_added=_LEVEL,
         # before 0013 a delegate's passport data were its own fields
         bundle_moved={"date_of_birth": "delegate_passport", "passport_number":
                       "delegate_passport", "passport_expiry": "delegate_passport"}),
    # Restricted at least (models._companion_level); edited through its delegate,
    # never indexed (search shows no restricted data), in a row of its own so that the
    # server's row-level security can hide it (0013_delegate_passports).
    Kind("delegate_passport", M.DelegatePassport, "passport data", "delegate_passports",
         plural="passport data", title_fields=("passport_number",),
         overrides={"level": _restricted_at_least}),
    Kind("car_seat", M.CarSeat, "car seat", "car_seats", record=R.CarSeatRecord, item=True,
         title_fields=("car_number",), order=("event_id", "car_position", "car_number", "id"),
         view="movements", overrides={"car_position": integer(1, 1_000)},
         search=Search(10, _VEHICLE_TITLE + "{r}.car_number || ' ' || "
                       + _PERSON_OF.format(col="person_id"),
                       ("seat", "driver", "liaison", "notes")),
         bundle_added=_LEVEL),
    Kind("room", M.Room, "room", "rooms", record=R.RoomRecord, item=True,
         title_fields=("room",), order=("hotel_id", "room", "id"), view="movements",
         search=Search(12, "'Room ' || {r}.room || ' ' || " + _PERSON_OF.format(col="person_id"),
                       ("notes",)),
         bundle_added=_LEVEL),
    Kind("gift", M.Gift, "gift", "gifts", record=R.GiftRecord, item=True,
         title_fields=("description",), order=("event_id", "id"), view="gifts",
         search=Search(14, "{r}.description", ("direction", "currency", "disposition", "notes")),
         bundle_added=_LEVEL),
    Kind("speech", M.Speech, "speech", "speeches", plural="speeches", record=R.SpeechRecord,
         item=True, order=("event_id", "title"), view="speeches",
         overrides={"words_per_minute": integer(60, 250)},
         search=Search(15, "{r}.title", ("text", "notes")),
         bundle_added=_LEVEL),
)

KIND: dict[str, Kind] = {k.name: k for k in KINDS}
BY_TABLE: dict[str, Kind] = {k.table.name: k for k in KINDS}
BY_MODEL: dict[type, Kind] = {k.model: k for k in KINDS}
ITEMS: tuple[Kind, ...] = tuple(k for k in KINDS if k.item)

# What validation.RULES and REQUIRED have always been: per editable kind.
RULES: dict[str, dict[str, Rule]] = {k.name: k.rules for k in ITEMS}
REQUIRED: dict[str, frozenset[str]] = {k.name: k.required for k in ITEMS}


def label(kind: str, *, capital: bool = False) -> str:
    """How a kind is called in messages, menus and undo texts: core.enums.kind_label,
    the one function that names kinds (test_kinds checks the declarations agree)."""
    return kind_label(kind, capital=capital)


def title_of(kind: str, row: Any) -> str:
    """What names one row of `kind` (its title, name, heading or question)."""
    return KIND[kind].title_of(row)


def view_of(kind: str) -> str:
    """The window view that shows rows of `kind`."""
    return KIND[kind].view


def problems(kind: Kind) -> list[str]:
    """Where a declaration disagrees with its model's columns (empty: it agrees).

    tests/core/test_kinds.py runs this over every kind, so a renamed column, a limit
    above a column's length or a rule for a field that does not exist fails there.
    """
    from briefing_app.core.records import META_FIELDS, field_names

    columns = {c.name: c for c in kind.table.columns}
    out = []
    named = {
        "order": kind.order, "title_fields": kind.title_fields, "overrides": kind.overrides,
        "limits": kind.limits, "computed": kind.computed, "bundle_added":
        [k for k in kind.bundle_added if k not in {c[:-3] for c in kind.references}],
        "bundle_frozen": kind.bundle_frozen, "bundle_renamed": kind.bundle_renamed,
        "copy.reset": kind.copy.reset,
        "copy.skip": kind.copy.skip, "search.body": kind.search.body if kind.search else (),
    }
    for what, names in named.items():
        out += [f"{kind.name}: {what} names {n!r}, which is not a column" for n in names
                if n not in columns]
    if kind.copy.mode not in ("all", "none", "latest"):
        out.append(f"{kind.name}: copy mode {kind.copy.mode!r} is not all, none or latest")
    try:
        rules = kind.column_rules
    except TypeError as exc:
        return out + [str(exc)]
    for name, rule in rules.items():
        length = getattr(columns[name].type, "length", None)
        limit = getattr(rule, "max_len", None)
        if length is not None and limit is not None and limit > length:
            out.append(f"{kind.name}.{name}: the rule allows {limit} characters, "
                       f"the column holds {length}")
    if kind.record is not None:
        wanted = (*META_FIELDS, *(n for n in columns if n not in META_FIELDS),
                  *M.companion_fields(kind.model))
        if field_names(kind.record) != wanted:
            out.append(f"{kind.name}: its record's fields are not its columns")
    return out
