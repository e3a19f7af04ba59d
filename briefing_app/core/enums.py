"""The closed vocabularies of the domain, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class VisitType(StrEnum):
    STATE = "state visit"
    OFFICIAL = "official visit"
    WORKING = "working visit"
    PRIVATE = "private visit"
    CONFERENCE = "conference"
    OTHER = "other"


class VisitStatus(StrEnum):
    PLANNING = "planning"
    CONFIRMED = "confirmed"
    UNDER_WAY = "under way"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EventType(StrEnum):
    TALKS = "talks"
    MEETING = "meeting"
    BUSINESS_FORUM = "business forum"
    SPEECH = "speech"
    SITE_VISIT = "site visit"
    SIGNING = "signing ceremony"
    CEREMONY = "ceremony"
    MEAL = "meal"
    TRANSFER = "transfer"
    FLIGHT = "flight"
    PRESS = "press"
    INTERNAL = "internal"
    OTHER = "other"


class EventStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class PressAccess(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    POOL = "pool"


class Side(StrEnum):
    OURS = "our delegation"
    COUNTERPART = "counterpart"
    OTHER = "other"


class Role(StrEnum):
    PRINCIPAL = "principal"
    HOST = "host"
    PARTICIPANT = "participant"
    INTERPRETER = "interpreter"
    NOTE_TAKER = "note-taker"
    SPEAKER = "speaker"
    SIGNATORY = "signatory"
    SUPPORT = "support"
    SECURITY = "security"
    PRESS_OFFICER = "press officer"


class TableLayout(StrEnum):
    """How the tables of a seating plan stand (core/seating_layout.py draws each)."""

    ROUND = "round"
    RECTANGULAR = "rectangular"
    T_SHAPE = "T-shape"
    U_SHAPE = "U-shape"
    BOARDROOM = "boardroom"
    THEATRE = "theatre rows"


class SeatingConvention(StrEnum):
    """How "Seat by precedence" places host and principal."""

    MEAL = "meal"  # host and guest of honour side by side, then alternating outward
    TALKS = "talks"  # the two sides face each other, principals in the middle


class PointType(StrEnum):
    POINT_TO_MAKE = "point to make"
    LINE_TO_TAKE = "line to take"
    QUESTION_TO_ASK = "question to ask"
    EXPECTED_QUESTION = "expected question"
    IF_RAISED = "if raised"


class PointStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class AgreementType(StrEnum):
    AGREEMENT = "agreement"
    MEMORANDUM = "memorandum"
    PROTOCOL = "protocol"
    JOINT_STATEMENT = "joint statement"
    JOINT_DECLARATION = "joint declaration"
    CONTRACT = "contract"
    PROGRAMME = "programme"
    OTHER = "other"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    NEGOTIATION = "under negotiation"
    AGREED = "agreed"
    INITIALLED = "initialled"
    SIGNED = "signed"
    DROPPED = "dropped"


# The workflow: which status may follow which. Dropped can be revived to draft.
AGREEMENT_TRANSITIONS: dict[AgreementStatus, tuple[AgreementStatus, ...]] = {
    AgreementStatus.DRAFT: (AgreementStatus.NEGOTIATION, AgreementStatus.DROPPED),
    AgreementStatus.NEGOTIATION: (
        AgreementStatus.DRAFT,
        AgreementStatus.AGREED,
        AgreementStatus.DROPPED,
    ),
    AgreementStatus.AGREED: (
        AgreementStatus.NEGOTIATION,
        AgreementStatus.INITIALLED,
        AgreementStatus.SIGNED,
        AgreementStatus.DROPPED,
    ),
    AgreementStatus.INITIALLED: (
        AgreementStatus.AGREED,
        AgreementStatus.SIGNED,
        AgreementStatus.DROPPED,
    ),
    AgreementStatus.SIGNED: (),
    AgreementStatus.DROPPED: (AgreementStatus.DRAFT,),
}


# --- how the window and the messages name values and kinds --------------------------
# One place for every label, so a kind is never "press_qa" in one message and
# "press Q&A" in the next. The nouns never hold "&": they go into button and undo texts,
# where "&" marks a keyboard shortcut.

_KINDS: dict[str, tuple[str, str]] = {
    "visit": ("visit", "visits"),
    "event": ("event", "events"),
    "person": ("person", "people"),
    "talking_point": ("talking point", "talking points"),
    "fact": ("fact", "facts"),
    "agreement": ("agreement", "agreements"),
    "agreement_version": ("agreement text", "agreement texts"),
    "venue": ("venue", "venues"),
    "press_qa": ("press question", "press questions"),
    "participant": ("participant", "participants"),
    "seating_plan": ("seating plan", "seating plans"),
    "seat_assignment": ("seat", "seats"),
    "precedence": ("precedence entry", "precedence entries"),
    "conflict": ("conflict", "conflicts"),
    "page": ("page", "pages"),
}


def label(value: str | None) -> str:
    """An enum value as the window shows it: "talks" → "Talks", "under negotiation" →
    "Under negotiation". The stored value stays lower case (files and the core use it)."""
    text = str(value or "")
    return text[:1].upper() + text[1:]


def kind_label(kind: str, n: int | None = None, *, capital: bool = False) -> str:
    """The noun for a kind of record ("talking_point" → "talking point"); the plural when
    `n` is given and not 1 ("people", not "persons")."""
    one, many = _KINDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    text = one if n == 1 or n is None else many
    return label(text) if capital else text


def count(n: int, kind: str) -> str:
    """ "1 event", "2 events", "0 people"."""
    return f"{n} {kind_label(kind, n)}"


# --- the protocol office's lists (issue 13: delegation, movements, gifts, speeches) ---

class Accreditation(StrEnum):
    HEAD = "head of delegation"
    OFFICIAL = "official"
    SECURITY = "security"
    INTERPRETER = "interpreter"
    MEDIA = "media"
    STAFF = "staff"


class VisaStatus(StrEnum):
    NOT_REQUIRED = "not required"
    REQUIRED = "required"  # needed and not yet applied for: a warning
    APPLIED = "applied"  # applied for, not yet granted: a warning
    GRANTED = "granted"
    REFUSED = "refused"  # a warning


# The visa statuses that leave a delegate without a visa they need.
MISSING_VISA = frozenset({VisaStatus.REQUIRED, VisaStatus.APPLIED, VisaStatus.REFUSED})


class Vehicle(StrEnum):
    """What carries a transfer's seats: a motorcade's cars, a flight (its number in
    `car_number`), a train or a coach."""

    CAR = "car"
    AIRCRAFT = "aircraft"
    TRAIN = "train"
    COACH = "coach"


class GiftDirection(StrEnum):
    GIVEN = "given"
    RECEIVED = "received"


class GiftDisposition(StrEnum):
    UNDECIDED = "undecided"
    STATE = "kept by the state"
    MUSEUM = "museum"
    DECLARED = "declared"
    RETURNED = "returned"


_KINDS.update({
    "delegate": ("delegate", "delegates"),
    "delegate_passport": ("passport data", "passport data"),
    "event_brief": ("restricted brief", "restricted briefs"),
    "visit_brief": ("restricted visit brief", "restricted visit briefs"),
    "car_seat": ("car seat", "car seats"),
    "room": ("room", "rooms"),
    "gift": ("gift", "gifts"),
    "speech": ("speech", "speeches"),
})


class Level(StrEnum):
    """Who may read a row, lowest first (core/levels.py orders and compares them)."""

    PUBLIC = "public"
    PRESS = "press"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"
