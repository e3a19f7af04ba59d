"""A synthetic visit of any size, for tests and benchmarks that must see real-sized data.

    populate(path, VisitSize(events=5000, points=20000, people=1000))
    populate(path, SEARCH_SIZE)  # 100,000 searchable items (benchmarks/search.py)

Written with the ORM in one transaction (a 5,000-event visit takes a few seconds); text
mixes Latin, Kazakh Cyrillic and Chinese like the real data; the same seed gives the
same visit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class VisitSize:
    days: int = 30
    events: int = 1000
    briefs: int = 250  # events that have a meeting brief
    points: int = 5000
    people: int = 300
    agreements: int = 100
    facts: int = 200


# Searchable rows: the visit, 40 venues, people, facts, points, events, agreements and
# their texts — 100,000 in all.
SEARCH_SIZE = VisitSize(events=10_000, briefs=2_500, points=80_000, people=2_000,
                        agreements=100, facts=7_759)

LATIN = ("trade transit investment agriculture energy digital logistics customs railway "
         "corridor partnership cooperation finance technology water climate education "
         "tourism culture security border").split()
CYR = "Қазақстан Қытай серіктестік сауда транзит инвестиция әріптестік Тоқаев Астана".split()
CJK = ["习近平", "阿里巴巴", "一带一路", "合作", "贸易", "北京", "投资"]


def sentence(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        r = rng.random()
        out.append(rng.choice(CJK) if r < 0.03 else rng.choice(CYR) if r < 0.12 else rng.choice(LATIN))
    return " ".join(out).capitalize() + "."


def populate(path: Path, args: VisitSize) -> int:
    """The synthetic visit, written with the ORM in one transaction (fast)."""
    from briefing_app.core import models as M
    from briefing_app.core.database import open_database

    rng = random.Random(2019)
    db = open_database(path)
    start = date(2019, 9, 1)
    with db.write() as s:
        v = M.Visit(title="Synthetic state visit for benchmarking", visit_type="state visit",
                    start_date=start, end_date=start + timedelta(days=args.days - 1),
                    home_tz="Asia/Almaty", classification="RESTRICTED",
                    purpose=sentence(rng, 60), objectives="\n".join(
                        "- " + sentence(rng, 20) for _ in range(6)),
                    key_messages=sentence(rng, 80), host_country="China", host_city="Beijing")
        s.add(v)
        s.flush()
        venues = [M.Venue(visit_id=v.id, name=f"Venue {i} {rng.choice(CJK)}", city="Beijing",
                          tz=rng.choice(["Asia/Shanghai", "Asia/Almaty", "Europe/Moscow"]))
                  for i in range(40)]
        people = [M.Person(visit_id=v.id, native_name=f"{rng.choice(CYR)} {rng.choice(CJK)} {i}",
                           latin_name=f"Person {i}", title=sentence(rng, 5),
                           organisation=sentence(rng, 4), side=rng.choice(
                               ["our delegation", "counterpart"]),
                           form_of_address="Excellency", biography=" ".join(
                               sentence(rng, 18) for _ in range(8)), sort_order=i)
                  for i in range(args.people)]
        facts = [M.Fact(visit_id=v.id, statement=sentence(rng, 14), value=rng.random() * 100,
                        unit="bn US$", as_of=date(2015 + rng.randrange(5), 6, 30),
                        source=sentence(rng, 4)) for _ in range(args.facts)]
        s.add_all(venues + people + facts)
        s.flush()
        points = [M.TalkingPoint(visit_id=v.id, heading=sentence(rng, 4), text=" ".join(
            sentence(rng, 16) for _ in range(3)), priority=rng.choice([1, 2, 2, 3]),
            restricted=rng.random() < 0.1) for _ in range(args.points)]
        s.add_all(points)
        s.flush()
        per_event = args.points // max(1, args.briefs)
        events = []
        slot = timedelta(minutes=(args.days * 12 * 60) // args.events)
        for i in range(args.events):
            day = i * args.days // args.events
            t0 = datetime(2019, 9, 1, 1, 0, tzinfo=UTC) + timedelta(days=day) + (
                i % max(1, args.events // args.days)) * slot
            venue = rng.choice(venues)
            brief = i % max(1, args.events // args.briefs) == 0
            ev = M.Event(visit_id=v.id, title=f"{sentence(rng, 5)[:-1]} #{i}",
                         event_type="talks" if brief else rng.choice(["meal", "transfer", "ceremony"]),
                         starts_at=t0, ends_at=t0 + slot * 0.8, tz=venue.tz, venue_id=venue.id,
                         status="confirmed", press=rng.choice(["open", "closed", "pool"]),
                         dress_code="Business suit", protocol_notes=sentence(rng, 12),
                         objectives=sentence(rng, 30) if brief else "",
                         their_objectives=sentence(rng, 20) if brief else "",
                         our_response=sentence(rng, 20) if brief else "",
                         press_line=sentence(rng, 15) if brief else "",
                         background=sentence(rng, 40) if brief else "")
            s.add(ev)
            events.append((ev, brief))
        s.flush()
        p_iter = iter(points)
        for n, (ev, brief) in enumerate(events):
            for pos, person in enumerate(rng.sample(people, 4), start=1):
                s.add(M.Participation(event_id=ev.id, person_id=person.id, position=pos,
                                      role=rng.choice(["principal", "host", "participant"])))
            if brief:
                for pos in range(1, per_event + 1):
                    tp = next(p_iter, None)
                    if tp is not None:
                        s.add(M.EventTalkingPoint(event_id=ev.id, talking_point_id=tp.id,
                                                  position=pos))
                s.add(M.EventFact(event_id=ev.id, fact_id=facts[n % len(facts)].id, position=1))
        for i in range(args.agreements):
            ag = M.Agreement(visit_id=v.id, title=f"Agreement {i}: {sentence(rng, 8)}",
                             parties="Kazakhstan; China", lead_agency=sentence(rng, 3),
                             status=rng.choice(["draft", "agreed", "signed"]),
                             signing_event_id=events[i * 7 % len(events)][0].id,
                             is_public=rng.random() < 0.5, signing_order=i)
            s.add(ag)
            s.flush()
            s.add(M.AgreementSignatory(agreement_id=ag.id, person_id=people[i % len(people)].id,
                                       position=1))
            s.add(M.AgreementVersion(agreement_id=ag.id, number=1, text="\n".join(
                sentence(rng, 12) for _ in range(8))))
        visit_id = v.id
    db.close()
    return visit_id
