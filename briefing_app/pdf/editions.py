"""Editions from one source: what each audience's book may contain.

`apply_edition` filters the plain pack data (so nothing restricted even reaches the
layout code) and returns the rules the sections follow for what they print.

Rules (stated in docs/pdf.md):
- principal: everything except the logistics notes; delegation: everything.
- press: no restricted talking points, no background-not-for-disclosure, no internal
  events, no cancelled events, none of our negotiating positions (objectives, their
  objectives, our response, if raised, protocol/logistics notes), no steering brief,
  and only public agreements: `is_public` set AND status agreed, initialled or signed
  (a draft marked public is not public yet; a dropped one never is). No agreement texts
  unless signed.
- pocket: the programme as day cards, with the key (priority 1) points.
- person: only the events the person takes part in, with their role.
Cancelled events are struck through in the principal's and delegation's programmes and
left out everywhere else (and have no brief).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing_app.core.errors import NotFoundError
from briefing_app.core.pack_data import PackAgreement, PackData, PackEvent
from briefing_app.pdf.options import Edition, PackOptions

PUBLIC_AGREEMENT_STATUSES = frozenset({"agreed", "initialled", "signed"})


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


def is_public_agreement(ag: PackAgreement) -> bool:
    a = ag.agreement
    return bool(a.is_public) and a.status in PUBLIC_AGREEMENT_STATUSES


def apply_edition(data: PackData, options: PackOptions) -> tuple[PackData, EditionRules]:
    """The data this edition may show, and how to show it."""
    ed = options.edition
    sections = set(options.sections)
    events = data.events
    agreements = data.agreements
    if ed is Edition.PRESS:
        events = tuple(_press_event(e) for e in events
                       if e.event.kind != "internal" and not e.cancelled)
        agreements = tuple(
            # Never the negotiating history: a signed text alone, without its redline.
            replace(a, previous=None) if a.agreement.status == "signed"
            else replace(a, latest=None, previous=None)
            for a in agreements if is_public_agreement(a))
        sections.discard("steering")
    elif ed is Edition.POCKET:
        events = tuple(e for e in events if not e.cancelled)
        sections = {"programme"}
    elif ed is Edition.PERSON:
        pid = options.person_id
        if pid not in data.people_by_id:
            raise NotFoundError(f"person #{pid} is not part of this visit")
        events = tuple(e for e in events if not e.cancelled
                       and any(p == pid for p, _role in e.participants))
        sections &= {"contents", "programme"}
        sections.add("programme")
    rules = EditionRules(
        edition=ed,
        sections=frozenset(sections),
        logistics=ed is Edition.DELEGATION,
        internal_fields=ed in (Edition.PRINCIPAL, Edition.DELEGATION),
        nfd=ed in (Edition.PRINCIPAL, Edition.DELEGATION),
        strike_cancelled=ed in (Edition.PRINCIPAL, Edition.DELEGATION),
        person_id=options.person_id if ed is Edition.PERSON else None,
        mark_restricted=ed in (Edition.PRINCIPAL, Edition.DELEGATION, Edition.POCKET),
    )
    return replace(data, events=events, agreements=agreements), rules


def _press_event(e: PackEvent) -> PackEvent:
    """An event with everything not for the press removed from the data itself."""
    ev = replace(e.event, objectives="", their_objectives="", our_response="", if_raised="",
                 background_nfd="", protocol_notes="", logistics_notes="", scenario="")
    points = tuple(p for p in e.points if not p.point.restricted)
    return replace(e, event=ev, points=points)
