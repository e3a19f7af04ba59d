"""The closed vocabularies of the domain, stored as their string values."""

from __future__ import annotations

from enum import StrEnum


class VisitKind(StrEnum):
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


class EventKind(StrEnum):
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


class PointKind(StrEnum):
    POINT_TO_MAKE = "point to make"
    LINE_TO_TAKE = "line to take"
    QUESTION_TO_ASK = "question to ask"
    EXPECTED_QUESTION = "expected question"
    IF_RAISED = "if raised"


class PointStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class AgreementKind(StrEnum):
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
