"""A small visit built through the core operations, with every edition's edge cases:
restricted points, not-for-disclosure background, an internal event, a cancelled event,
public and non-public agreements, stale facts, names in Latin, Kazakh Cyrillic, Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.core.database import Database
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ops
from briefing_app.core.ops import links

SECRET_POINT = "RESTRICTEDPOINTZETA must not reach the press"
NFD = "NFDBACKGROUNDOMEGA not for disclosure"
INTERNAL = "INTERNALHUDDLEKAPPA"
NONPUBLIC = "NONPUBLICAGREEMENTSIGMA"
DRAFT_PUBLIC = "DRAFTPUBLICAGREEMENTTAU"
PUBLIC = "PUBLICSIGNEDAGREEMENTRHO"
LOGISTICS = "LOGISTICSNOTEMU cars at 09:10"
OBJECTIVE = "OBJECTIVELAMBDA secure support"


@dataclass
class Sample:
    visit_id: int
    tokayev: int
    xi: int
    aide: int
    talks: int
    lunch: int
    internal: int
    cancelled: int
    forum: int


def make_sample(db: Database) -> Sample:
    v = ops.create(db, "visit", None, {
        "title": "State visit of the President of Kazakhstan to China", "visit_type": "state visit",
        "start_date": "2019-09-10", "end_date": "2019-09-12", "home_tz": "Asia/Almaty",
        "host_country": "China", "host_city": "Beijing", "classification": "RESTRICTED",
        "purpose": "Deepen the comprehensive strategic partnership.",
        "objectives": "- Sign the Joint Statement\n- Open markets for agricultural exports",
        "key_messages": "Kazakhstan and China are good neighbours."})
    vid = v.id
    p = lambda **kw: ops.create(db, "person", vid, kw).id  # noqa: E731
    tokayev = p(native_name="Қасым-Жомарт Тоқаев", latin_name="Kassym-Jomart Tokayev",
                title="President of the Republic of Kazakhstan", side="our delegation",
                biography="Born in Almaty. әғқңөұүһі", form_of_address="Mr President")
    xi = p(native_name="习近平", latin_name="Xi Jinping", title="President of the PRC",
           side="counterpart", biography="General Secretary. 阿里巴巴 founder met him.")
    aide = p(native_name="Ерлан Омаров", latin_name="Yerlan Omarov", title="Note-taker",
             side="our delegation")
    ops.update(db, "visit", vid, {"principal_id": tokayev})
    gh = ops.create(db, "venue", vid, {"name": "Great Hall of the People", "city": "Beijing",
                                        "tz": "Asia/Shanghai"}).id
    ev = lambda **kw: ops.create(db, "event", vid, {"tz": "Asia/Shanghai", "venue_id": gh, **kw}).id  # noqa: E731
    talks = ev(title="Talks with President Xi", event_type="talks", start_local="2019-09-11 10:00",
               end_local="2019-09-11 11:30", status="confirmed", press="closed",
               objectives=OBJECTIVE, their_objectives="Belt and Road support",
               our_response="Welcome projects", if_raised="Stay calm", press_line="Good talks",
               background="Public background text", background_nfd=NFD,
               logistics_notes=LOGISTICS, dress_code="Business suit")
    lunch = ev(title="State banquet", event_type="meal", start_local="2019-09-11 12:30",
               end_local="2019-09-11 14:00", press="pool")
    internal = ev(title=INTERNAL, event_type="internal", start_local="2019-09-10 20:00",
                  end_local="2019-09-10 21:00", objectives="internal prep")
    cancelled = ev(title="Cancelled CANCELLEDVISITNU", event_type="site visit",
                   start_local="2019-09-12 09:00", end_local="2019-09-12 10:00", status="cancelled")
    forum = ev(title="Business forum", event_type="business forum", start_local="2019-09-12 15:00",
               end_local="2019-09-12 16:00", press="open", press_line="Trade grows")
    for e, who in ((talks, [(tokayev, "principal"), (xi, "host"), (aide, "note-taker")]),
                   (lunch, [(tokayev, "principal"), (xi, "host")]),
                   (internal, [(tokayev, "principal"), (aide, "participant")]),
                   (forum, [(tokayev, "speaker")])):
        for pid, role in who:
            links.set_participant(db, e, pid, role)
    pts = [ops.create(db, "talking_point", vid, kw).id for kw in (
        {"text": "Trade should double", "heading": "Trade", "priority": 1},
        {"text": SECRET_POINT, "restricted": True},
        {"text": "Transit via Khorgos", "point_type": "if raised"})]
    for t in reversed(pts):  # the user's order is the reverse of creation
        links.link_point(db, talks, t, position=0)
    old = ops.create(db, "fact", vid, {"statement": "Trade in 2010 STALEFACTPSI", "value": 5,
                                       "unit": "bn US$", "as_of": "2010-12-31", "source": "Old"}).id
    new = ops.create(db, "fact", vid, {"statement": "Trade in 2018", "value": 11.7,
                                       "unit": "bn US$", "as_of": "2019-06-30",
                                       "source": "National Bank"}).id
    links.link_fact_to_event(db, talks, old)
    links.link_fact_to_point(db, pts[0], new)
    a1 = ops.create(db, "agreement", vid, {"title": PUBLIC, "is_public": True,
                                           "signing_event_id": talks, "parties": "KZ, CN"}).id
    for st in ("under negotiation", "agreed", "signed"):
        ag.change_status(db, a1, st)
    ag.add_version(db, a1, "Article 1. Trade.\nArticle 2. Transit.")
    ag.add_version(db, a1, "Article 1. Trade and investment.\nArticle 2. Transit.")
    ag.set_signatories(db, a1, [tokayev, xi])
    ops.create(db, "agreement", vid, {"title": NONPUBLIC, "is_public": False})
    ops.create(db, "agreement", vid, {"title": DRAFT_PUBLIC, "is_public": True})
    return Sample(vid, tokayev, xi, aide, talks, lunch, internal, cancelled, forum)


@pytest.fixture
def sample(db: Database) -> Sample:
    return make_sample(db)


def pdf_text(path: Path, password: str | None = None) -> list[str]:
    reader = PdfReader(str(path))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() or "" for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All text with whitespace runs collapsed (extraction may break lines anywhere)."""
    return " ".join(" ".join(pages).split())
