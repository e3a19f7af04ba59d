"""Editions from one source: what each audience's book may contain.

`apply_edition` filters the plain pack data (so nothing an edition may not show even
reaches the layout code) and returns the rules the sections follow for what they print.

Rules (stated in docs/pdf.md):
- principal: everything except the logistics notes; delegation: everything. Items not
  yet cleared (draft talking points, press lines, press Q&A) print marked
  "DRAFT — not cleared", or are left out with `approved_only`.
- press: a different document, built from an allow-list of public fields only: the
  public programme (events open to the press, a pool or a photo opportunity, with their
  media arrangements), the approved press lines, the approved press Q&A, the public
  biographies of the people the public meets, the public agreements (`is_public` set
  AND agreed, initialled or signed; a text only once signed, never its redline) and the
  press office's contacts, and the issuing department (on the cover and as the PDF's
  Author, as in every edition). Every other field is blanked in the data itself. Its marking
  is the visit's press marking (PUBLIC by default, with the embargo), never the
  visit's classification.
- pocket: the programme as day cards: approved, non-restricted key messages only.
- person: only the events the person takes part in, with their role.
Cancelled events are struck through in the principal's and delegation's programmes and
left out everywhere else (and have no brief).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from briefing_app.core.enums import AgreementStatus, EventType, PressAccess
from briefing_app.core.errors import NotFoundError
from briefing_app.core.levels import Level, rank, within
from briefing_app.core.pack_data import PackAgreement, PackData, PackEvent
from briefing_app.core.person_places import PersonPlaces, places_of, plan_seats_of
from briefing_app.core.records import PersonRecord
from briefing_app.pdf.options import Edition, PackOptions
from briefing_app.pdf.pack_sections import sections_of

PUBLIC_AGREEMENT_STATUSES = frozenset({"agreed", "initialled", "signed"})
# The roles whose holders the press sees and reads about; staff (interpreters,
# note-takers, security, support) are not the story.
PUBLIC_ROLES = frozenset({"principal", "host", "speaker", "signatory", "participant"})
PRESS_SECTIONS = sections_of("press")  # (pdf/pack_sections.py)
APPROVED = "approved"


@dataclass(frozen=True)
class EditionRules:
    edition: Edition
    sections: frozenset[str]
    logistics: bool  # print events' logistics notes
    internal_fields: bool  # objectives, their objectives, our response, if raised, protocol
    nfd: bool  # background not for disclosure
    strike_cancelled: bool  # else cancelled events are left out
    person_id: int | None
    mark_restricted: bool  # tag restricted points so readers handle them with care
    mark_drafts: bool = False  # print "DRAFT — not cleared" on every item not approved
    places: PersonPlaces | None = None  # the person edition's reader: car, seat, room
    level: str = Level.CONFIDENTIAL  # the highest level of row it could print (the cover says)


def is_public_agreement(ag: PackAgreement) -> bool:
    a = ag.agreement
    return bool(a.is_public) and a.status in PUBLIC_AGREEMENT_STATUSES


def is_public_event(e: PackEvent) -> bool:
    """In the public programme: not internal, not cancelled, and the media attend."""
    ev = e.event
    return (ev.event_type != EventType.INTERNAL and not e.cancelled
            and (ev.press in (PressAccess.OPEN, PressAccess.POOL) or bool(ev.photo_opportunity)))


def press_marking(data: PackData, options: PackOptions) -> str:
    """The press pack's own marking: an explicit --classification, else the visit's
    press marking (PUBLIC by default), with its embargo."""
    if options.classification is not None:
        return options.classification
    v = data.visit
    marking = (v.press_marking or "").strip() or "PUBLIC"
    embargo = (v.press_embargo or "").strip()
    return f"{marking} — EMBARGOED until {embargo}" if embargo else marking


# An edition is a query capped at a level: the press's never reads above press.
EDITION_CAP: dict[Edition, str] = {Edition.PRESS: Level.PRESS}


def made_at(data: PackData, edition: Edition) -> str:
    """The level a pack is made at: its edition's cap, lowered to the reader's clearance
    where the server gives one (PackData.clearance)."""
    levels = [lv for lv in (EDITION_CAP.get(edition), data.clearance) if lv]
    return min(levels, key=rank) if levels else Level.CONFIDENTIAL


def capped(data: PackData, level: str) -> PackData:
    """Only the rows at `level` or below (the app's own check; on the server, row-level
    security has already left out what the reader may not see)."""
    def ok(row: Any) -> bool:
        return within(getattr(row, "level", None), level)

    events = tuple(replace(e, points=tuple(p for p in e.points if ok(p.point)))
                   for e in data.events if ok(e.event))
    return replace(
        data, events=events, people=tuple(p for p in data.people if ok(p)),
        agreements=tuple(a for a in data.agreements if ok(a.agreement)),
        facts=tuple(f for f in data.facts if ok(f)),
        press_qas=tuple(q for q in data.press_qas if ok(q)),
        rows={k: tuple(r for r in rows if ok(r)) for k, rows in data.rows.items()})


def apply_edition(data: PackData, options: PackOptions) -> tuple[PackData, EditionRules]:
    """The data this edition may show, and how to show it (at the level it is made at)."""
    level = made_at(data, options.edition)
    data, rules = _apply_edition(capped(data, level), options)
    return data, replace(rules, level=level)


def _apply_edition(data: PackData, options: PackOptions) -> tuple[PackData, EditionRules]:
    ed = options.edition
    sections = set(options.sections)
    if ed is Edition.PRESS:
        return _press(data, options)
    events = data.events
    qas = data.press_qas
    if ed is Edition.POCKET:
        events = tuple(_cleared_event(e, keep_restricted=False) for e in events
                       if not e.cancelled)
        sections = set(sections_of(ed))
    elif ed is Edition.PERSON:
        pid = options.person_id
        if pid not in data.people_by_id:
            raise NotFoundError(f"person #{pid} is not part of this visit")
        events = tuple(e for e in events if not e.cancelled
                       and any(p == pid for p, _role in e.participants))
        sections &= sections_of(ed)
        sections.add("programme")
    else:
        # a book prints only the sections its edition may (the passport list and the
        # badges are the delegation's alone)
        sections &= sections_of(ed)
        if options.approved_only:
            events = tuple(_cleared_event(e, keep_restricted=True) for e in events)
            qas = tuple(q for q in qas if q.status == APPROVED)
    book = ed in (Edition.PRINCIPAL, Edition.DELEGATION)
    rules = EditionRules(
        edition=ed,
        sections=frozenset(sections),
        logistics=ed is Edition.DELEGATION,
        internal_fields=book,
        nfd=book,
        strike_cancelled=book,
        person_id=options.person_id if ed is Edition.PERSON else None,
        mark_restricted=book,
        mark_drafts=book,
        places=_places(data, options.person_id) if ed is Edition.PERSON else None,
    )
    rows = without_restricted(data.rows, keep=ed is Edition.DELEGATION
                              and "passports" in rules.sections)
    return replace(data, events=events, press_qas=qas, rows=rows), rules


def _places(data: PackData, person_id: int | None) -> PersonPlaces | None:
    """Where the person edition's reader sits and sleeps, from the protocol's lists."""
    if person_id is None:
        return None
    hotels = {v.id: v.name for e in data.events for v in (e.venue, e.arrival) if v is not None}
    return places_of(person_id, data.rows.get("car_seat", ()), data.rows.get("room", ()),
                     plan_seats_of(data.seating), hotels)


# Restricted fields (issue 13): what they are blanked to in every edition but the
# delegation's, and there only when its passport list is asked for.
RESTRICTED: dict[str, dict[str, object]] = {
    "delegate": {"passport_number": "", "passport_expiry": None, "date_of_birth": None},
}


def without_restricted(rows: Mapping[str, tuple[Any, ...]], keep: bool
                       ) -> dict[str, tuple[Any, ...]]:
    """The rows with their restricted fields blanked, unless `keep`."""
    if keep:
        return dict(rows)
    return {kind: tuple(replace(r, **RESTRICTED[kind]) for r in found)
            if kind in RESTRICTED else found for kind, found in rows.items()}


def _cleared_event(e: PackEvent, keep_restricted: bool) -> PackEvent:
    """The event without its drafts (points, press line) and, if asked, restricted points."""
    points = tuple(p for p in e.points if p.point.status == APPROVED
                   and (keep_restricted or not p.point.restricted))
    ev = e.event
    if ev.press_line_status != APPROVED and ev.press_line:
        ev = replace(ev, press_line="")
    return replace(e, event=ev, points=points)


# --- the press pack ----------------------------------------------------------------

def _press(data: PackData, options: PackOptions) -> tuple[PackData, EditionRules]:
    """Public fields only: everything else is blanked here, before any layout code runs."""
    shown = [e for e in data.events if e.event.event_type != EventType.INTERNAL and not e.cancelled]
    events = tuple(_press_event(e) for e in shown)
    known = {e.event.id for e in events}
    agreements = tuple(
        replace(a, agreement=replace(a.agreement, notes=""),
                # never the negotiating history: a signed text alone, without its redline
                latest=a.latest if a.agreement.status == AgreementStatus.SIGNED else None, previous=None)
        for a in data.agreements if is_public_agreement(a))
    agreements = tuple(replace(a, latest=replace(a.latest, note="", author=""))
                       if a.latest is not None else a for a in agreements)
    # people the public sees: in the public programme in a public role, and signatories
    public_ids: set[int] = {pid for e in events if is_public_event(e)
                            for pid, _role in e.participants}
    public_ids |= {pid for a in agreements for pid in a.signatory_ids}
    people = tuple(_press_person(p) for p in data.people if p.id in public_ids)
    v = data.visit
    visit = replace(v, classification=press_marking(data, options), purpose="",
                    objectives="", key_messages="", notes="", duty_contacts="",
                    # the issuing department stays (cover and Author): a department's
                    # name is public; who drafted and cleared the book is not
                    drafted_by="", cleared_by="", as_at="", distribution="", risks="")
    principal = data.principal
    qas = tuple(replace(q, topics="") for q in data.press_qas
                if q.status == APPROVED and q.answer.strip()
                and (q.event_id is None or q.event_id in known))
    pack = replace(data, visit=visit,
                   principal=_press_person(principal) if principal is not None else None,
                   people=people, events=events, agreements=agreements, facts=(),
                   stale_fact_ids=frozenset(), press_qas=qas,
                   # no other kind of item is public (the protocol office's lists are not)
                   rows={})
    rules = EditionRules(edition=Edition.PRESS,
                         sections=frozenset(options.sections) & PRESS_SECTIONS,
                         logistics=False, internal_fields=False, nfd=False,
                         strike_cancelled=False, person_id=None, mark_restricted=False)
    return pack, rules


def _press_event(e: PackEvent) -> PackEvent:
    """An event reduced to what the press may read: title, kind, times, venue, media
    arrangements, the public participants and an approved press line."""
    ev = e.event
    line = ev.press_line if ev.press_line_status == APPROVED else ""
    clean = replace(ev, objectives="", their_objectives="", our_response="", if_raised="",
                    background="", background_nfd="", protocol_notes="", logistics_notes="",
                    scenario="", dress_code="", press_line=line,
                    meeting_format="", speaking_order="", do_not_raise="")
    venue = e.venue
    if venue is not None:
        venue = replace(venue, notes="")
    arrival = e.arrival
    if arrival is not None:
        arrival = replace(arrival, notes="")
    participants = tuple((pid, role) for pid, role in e.participants if role in PUBLIC_ROLES)
    return replace(e, event=clean, venue=venue, arrival=arrival, participants=participants,
                   points=(), fact_ids=())


def _press_person(p: PersonRecord) -> PersonRecord:
    """Name, title, organisation, country and the cleared biography; never the
    personality notes (`biography`), the notes or the form of address."""
    return replace(p, biography="", notes="", form_of_address="")
