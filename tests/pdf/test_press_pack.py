"""The press pack is a document of its own: nothing restricted, internal, draft or
staff-only reaches it — not in the page text (pypdf and pdftotext), the outline, the
metadata, nor anywhere in the file's decompressed objects (hidden text included)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from briefing_app.core.database import Database
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ops
from briefing_app.core.ops import links
from briefing_app.core.ops.visits import list_visits
from briefing_app.core.pack_data import load_pack_data
from briefing_app.core.validation import RULES
from briefing_app.pdf import SECTIONS, PackOptions, build_pack

from .conftest import flat, pdf_text

# --- where text can hide in a PDF ---------------------------------------------------


def _outline_titles(items: Any) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out += _outline_titles(item)
        else:
            out.append(str(item.title))
    return out


def _raw_objects(reader: PdfReader) -> str:
    """Every string and every decompressed stream reachable from the trailer."""
    seen: set[int] = set()
    chunks: list[str] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            data = obj.get_data()
            chunks.append(data.decode("latin-1"))
            if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
                chunks.append(data.decode("utf-16", errors="ignore"))
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                chunks.append(str(key))
                walk(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                walk(value)
        elif isinstance(obj, str):
            chunks.append(str(obj))

    walk(reader.trailer)
    return "\n".join(chunks)


def every_place(path: Path) -> dict[str, str]:
    """The text of the pack as each reader of it sees it."""
    reader = PdfReader(str(path))
    places = {
        "pypdf page text": flat(pdf_text(path)),
        "outline": " | ".join(_outline_titles(reader.outline)),
        "metadata": " | ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items()),
        "raw objects": _raw_objects(reader),
    }
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, check=True)
        places["pdftotext"] = " ".join(out.stdout.decode("utf-8").split())
    return places


def assert_absent(path: Path, secrets: dict[str, str]) -> None:
    places = every_place(path)
    leaks = [f"{field} ({secret[:40]!r}) in {where}" for field, secret in secrets.items()
             for where, text in places.items()
             if secret in text or secret.replace(" ", "") in text.replace(" ", "")]
    assert not leaks, "\n".join(leaks)


# --- a visit whose every text field is a distinct marker ----------------------------

def _markers(prefix: str, kind: str, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """One marker per free-text field of `kind` (the validation rules know them all)."""
    out = {}
    for name, rule in RULES[kind].items():
        if name in skip:
            continue
        try:
            rule(name, "x")
        except Exception:  # noqa: BLE001 - not a text field (enum, number, date, ref)
            continue
        out[name] = f"Mk{prefix}{name.replace('_', '').capitalize()}Zz"
    return out


class Marked:
    """Builds the visit and remembers which markers may and may not reach the press."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.public: dict[str, str] = {}
        self.secret: dict[str, str] = {}

    def fields(self, prefix: str, kind: str, public: tuple[str, ...],
               skip: tuple[str, ...] = ()) -> dict[str, str]:
        values = _markers(prefix, kind, skip)
        for name, value in values.items():
            (self.public if name in public else self.secret)[f"{prefix}.{name}"] = value
        return values

    def hide(self, prefix: str, values: dict[str, str]) -> None:
        """Everything of this row is secret (an internal or cancelled event, a draft)."""
        for name, value in values.items():
            self.public.pop(f"{prefix}.{name}", None)
            self.secret[f"{prefix}.{name}"] = value


def make_marked_visit(db: Database) -> tuple[int, Marked]:
    m = Marked(db)
    v = m.fields("Visit", "visit", public=("title", "host_country", "host_city",
                                           "press_marking", "press_embargo", "press_contacts",
                                           "issuing_department"),
                 skip=("home_tz",))
    visit = ops.create(db, "visit", None, {**v, "visit_type": "state visit", "home_tz": "Asia/Almaty",
                                           "start_date": "2019-09-10", "end_date": "2019-09-12"})
    vid = visit.id

    def person(prefix: str, public: bool) -> int:
        values = m.fields(prefix, "person", public=(
            "native_name", "latin_name", "title", "organisation", "country", "public_biography"),
            skip=("photo_mime",))
        if not public:
            m.hide(prefix, values)
        return ops.create(db, "person", vid, {**values, "side": "counterpart"}).id

    principal = person("Principal", True)
    host = person("Host", True)
    interpreter = person("Interpreter", False)  # staff: not in the press pack
    cancelled_host = person("CancelledHost", False)  # only in a cancelled event
    internal_guest = person("InternalGuest", False)  # only in an internal event
    ops.update(db, "visit", vid, {"principal_id": principal})
    venue_values = m.fields("Venue", "venue", public=("name", "city", "address"), skip=("tz",))
    venue = ops.create(db, "venue", vid, {**venue_values, "tz": "Asia/Shanghai"}).id

    def event(prefix: str, public: bool, **extra: Any) -> int:
        values = m.fields(prefix, "event", public=(
            "title", "press_line", "accreditation_point", "media_notes"), skip=("tz", "end_tz"))
        if not public:
            m.hide(prefix, values)
        return ops.create(db, "event", vid, {
            **values, "tz": "Asia/Shanghai", "venue_id": venue, "event_type": "talks",
            "press": "open", "press_line_status": "approved", **extra}).id

    talks = event("Talks", True, start_local="2019-09-11 10:00", end_local="2019-09-11 11:00")
    draft_line = event("DraftLine", True, start_local="2019-09-11 12:00",
                       end_local="2019-09-11 13:00", press_line_status="draft")
    m.hide("DraftLine", {"press_line": m.public.pop("DraftLine.press_line")})
    internal = event("Internal", False, event_type="internal", start_local="2019-09-10 20:00",
                     end_local="2019-09-10 21:00")
    cancelled = event("Cancelled", False, status="cancelled", start_local="2019-09-12 09:00",
                      end_local="2019-09-12 10:00")
    for ev, who in ((talks, [(principal, "principal"), (host, "host"),
                             (interpreter, "interpreter")]),
                    (draft_line, [(principal, "principal")]),
                    (internal, [(principal, "principal"), (internal_guest, "participant")]),
                    (cancelled, [(principal, "principal"), (cancelled_host, "host")])):
        for pid, role in who:
            links.set_participant(db, ev, pid, role)
    for n, status in enumerate(("approved", "draft")):
        values = m.fields(f"Point{n}", "talking_point", public=())
        tp = ops.create(db, "talking_point", vid, {**values, "status": status, "priority": 1})
        links.link_point(db, talks, tp.id)
    fact = ops.create(db, "fact", vid, m.fields("Fact", "fact", public=()) | {
        "as_of": "2001-01-01"}).id  # stale as well
    links.link_fact_to_event(db, talks, fact)
    for prefix, status, event_id, public in (("Qa", "approved", talks, True),
                                             ("QaGeneral", "approved", None, True),
                                             ("QaDraft", "draft", talks, False),
                                             ("QaCancelled", "approved", cancelled, False),
                                             ("QaInternal", "approved", internal, False)):
        values = m.fields(prefix, "press_qa", public=("question", "answer"))
        if not public:
            m.hide(prefix, values)
        ops.create(db, "press_qa", vid, {**values, "status": status, "event_id": event_id})
    for prefix, public in (("Signed", True), ("Unsigned", False), ("Dropped", False)):
        values = m.fields(prefix, "agreement", public=("title", "parties"))
        if not public:
            m.hide(prefix, values)
        aid = ops.create(db, "agreement", vid, {**values, "is_public": True,
                                                "signing_event_id": talks}).id
        for status in {"Signed": ("under negotiation", "agreed", "signed"),
                       "Unsigned": ("under negotiation",), "Dropped": ("dropped",)}[prefix]:
            ag.change_status(db, aid, status)
        ag.add_version(db, aid, f"Mk{prefix}FirstDraftTextZz", author=f"Mk{prefix}AuthorOneZz",
                       note=f"Mk{prefix}NoteOneZz")
        ag.add_version(db, aid, f"Mk{prefix}FinalTextZz", author=f"Mk{prefix}AuthorZz",
                       note=f"Mk{prefix}NoteZz")
        m.secret[f"{prefix} v1 text"] = f"Mk{prefix}FirstDraftTextZz"
        for key in ("AuthorOne", "NoteOne", "Author", "Note"):
            m.secret[f"{prefix} version {key}"] = f"Mk{prefix}{key}Zz"
        (m.public if public else m.secret)[f"{prefix} text"] = f"Mk{prefix}FinalTextZz"
    private = ops.create(db, "agreement", vid, m.fields("Private", "agreement", public=()))
    for status in ("under negotiation", "agreed", "signed"):
        ag.change_status(db, private.id, status)
    return vid, m


def test_no_restricted_internal_draft_or_staff_field_reaches_the_press_pack(
        db: Database, tmp_path: Path) -> None:
    vid, m = make_marked_visit(db)
    data = load_pack_data(db, vid)
    path = tmp_path / "press.pdf"
    build_pack(data, PackOptions(edition="press", sections=frozenset(SECTIONS)), path)
    assert len(m.secret) > 100  # every text field of every kind, but the public ones
    # the book's internal fields among them (the rules list them, so the markers do)
    assert {"Visit.drafted_by", "Visit.cleared_by", "Visit.as_at",
            "Visit.distribution", "Visit.risks", "Visit.duty_contacts", "Talks.meeting_format",
            "Talks.speaking_order", "Talks.do_not_raise"} <= set(m.secret)
    assert_absent(path, m.secret)
    text = every_place(path)["pypdf page text"]
    missing = [f for f, marker in m.public.items() if marker not in text.replace(" ", "")]
    # the public fields do print (so the test would see a leak): the visit's contacts,
    # the cleared press line, Q&A, biography, media arrangements and the signed text
    assert not missing, missing
    # Author = the issuing department, as in every edition (a department is public)
    meta = PdfReader(str(path)).metadata
    assert meta is not None and meta.author == m.public["Visit.issuing_department"]
    # its own marking on every page, never the visit's classification
    pages = pdf_text(path)
    assert all("MkVisitPressmarkingZz" in p.replace(" ", "") for p in pages)
    assert all("EMBARGOED until" in p for p in pages)


def test_the_principals_book_of_the_same_visit_does_carry_them(
        db: Database, tmp_path: Path) -> None:
    """The markers are found where they belong: the scan would see a leak."""
    vid, m = make_marked_visit(db)
    path = tmp_path / "book.pdf"
    build_pack(load_pack_data(db, vid), PackOptions(edition="delegation",
                                                   sections=frozenset(SECTIONS)), path)
    places = every_place(path)
    # the raw scan reads the outline's strings (so hidden text would not escape it)
    assert m.public["Talks.title"] in places["raw objects"]
    text = places["pypdf page text"].replace(" ", "")
    for field in ("Visit.purpose", "Talks.objectives", "Talks.background_nfd", "Point0.text",
                  "Point1.text", "QaDraft.question", "Fact.statement", "Signed version Author",
                  # the book's fields (0005): cover, steering brief, programme, briefs
                  "Visit.drafted_by", "Visit.cleared_by",
                  "Visit.as_at", "Visit.distribution", "Visit.risks", "Visit.duty_contacts",
                  "Talks.meeting_format", "Talks.speaking_order", "Talks.do_not_raise"):
        assert m.secret[field] in text, field
    assert "DRAFT—notcleared" in text


def test_the_demo_press_pack_holds_no_internal_material(demo_db: Database, tmp_path: Path) -> None:
    visit = list_visits(demo_db)[0]
    data = load_pack_data(demo_db, visit.id)
    path = tmp_path / "press.pdf"
    build_pack(data, PackOptions(edition="press", sections=frozenset(SECTIONS)), path)
    secrets: dict[str, str] = {}

    def add(label: str, value: str) -> None:
        value = " ".join((value or "").split())
        if len(value) >= 12:
            secrets[label] = value[:40]

    v = data.visit
    for name in ("purpose", "objectives", "key_messages", "notes", "duty_contacts"):
        add(f"visit.{name}", getattr(v, name))
    for ev in data.events:
        e = ev.event
        for name in ("objectives", "their_objectives", "our_response", "if_raised",
                     "background", "background_nfd", "protocol_notes", "logistics_notes",
                     "scenario"):
            add(f"{e.title}.{name}", getattr(e, name))
        if e.event_type == "internal" or ev.cancelled:
            add(f"{e.title}.title", e.title)
        for pp in ev.points:
            add(f"point {pp.point.id}", pp.point.text)
    for p in data.people:
        add(f"{p.latin_name}.biography", p.biography)
        add(f"{p.latin_name}.form_of_address", p.form_of_address)
    for f in data.facts:
        add(f"fact {f.id}", f.statement)
    for q in data.press_qas:
        if q.status != "approved":
            add(f"draft Q&A {q.id}", q.question)
    for a in data.agreements:
        if not (a.agreement.is_public and a.agreement.status in ("agreed", "initialled", "signed")):
            add(f"agreement {a.agreement.id}", a.agreement.title)
    for word in ("RESTRICTED", "Points to make", "Line to take", "Question to ask", "STALE",
                 "DRAFT", "not cleared", "NOT FOR DISCLOSURE", "If raised"):
        secrets[word] = word
    assert len(secrets) > 60
    assert_absent(path, secrets)
    text = flat(pdf_text(path))
    for public in ("Public programme", "Press lines", "Questions and answers", "Press office",
                   "Photo opportunity".lower(), "Accreditation", "PUBLIC", "Тоқаев", "习近平"):
        assert public in text, public
    # the public agreements with who signs them, and the signatories' public biographies
    flat_text = " ".join(text.split())
    assert "Сапархан Омаров (Saparkhan Omarov) — 倪岳峰 (Ni Yuefeng)" in flat_text
    assert "Minister of the General Administration of Customs of the People's Republic" in flat_text
    assert "Memorandum on cooperation in electronic commerce" not in flat_text  # not agreed


def test_the_press_marking_is_the_editions_own(db: Database, tmp_path: Path) -> None:
    from .conftest import make_sample

    sample = make_sample(db)
    data = load_pack_data(db, sample.visit_id)
    path = tmp_path / "p.pdf"
    build_pack(data, PackOptions(edition="press"), path)
    pages = pdf_text(path)
    assert all("PUBLIC" in p and "RESTRICTED" not in p for p in pages)
    ops.update(db, "visit", sample.visit_id, {"press_marking": "FOR RELEASE",
                                              "press_embargo": "12:00 CST, 11 September 2019"})
    build_pack(load_pack_data(db, sample.visit_id), PackOptions(edition="press"), path)
    pages = pdf_text(path)
    assert all("FOR RELEASE — EMBARGOED until 12:00 CST, 11 September 2019" in " ".join(p.split())
               for p in pages[1:])
    assert "RESTRICTED" not in flat(pages)
    # an explicit marking chosen at export wins
    build_pack(load_pack_data(db, sample.visit_id),
               PackOptions(edition="press", classification="OFFICIAL"), path)
    assert all("OFFICIAL" in p for p in pdf_text(path))


@pytest.mark.parametrize("edition", ["principal", "delegation"])
def test_drafts_are_marked_in_the_books_and_left_out_with_approved_only(
        db: Database, tmp_path: Path, edition: str) -> None:
    from .conftest import make_sample

    sample = make_sample(db)  # its points are drafts (the default), its press lines too
    ops.create(db, "press_qa", sample.visit_id, {"question": "DRAFTQUESTIONPHI?",
                                                 "answer": "Not yet.", "event_id": sample.talks})
    ops.create(db, "press_qa", sample.visit_id, {"question": "CLEAREDQUESTIONCHI?",
                                                 "answer": "Yes.", "status": "approved"})
    data = load_pack_data(db, sample.visit_id)
    path = tmp_path / "book.pdf"
    build_pack(data, PackOptions(edition=edition, sections=frozenset(SECTIONS)), path)
    text = flat(pdf_text(path))
    brief = text.split("Meeting briefs")[-1]
    assert brief.count("DRAFT — not cleared · Trade") == 1  # the point, marked
    assert "Press line DRAFT — not cleared" in brief
    assert "DRAFT — not cleared · Q: DRAFTQUESTIONPHI?" in text
    assert "CLEAREDQUESTIONCHI?" in text and "not cleared · Q: CLEAREDQUESTIONCHI" not in text
    build_pack(data, PackOptions(edition=edition, sections=frozenset(SECTIONS),
                                 approved_only=True), path)
    text = flat(pdf_text(path))
    assert "not cleared" not in text and "DRAFTQUESTIONPHI" not in text
    assert "Trade should double" not in text and "Good talks" not in text
    assert "CLEAREDQUESTIONCHI?" in text


def test_drafts_never_reach_the_pocket_card_or_the_press_pack(db: Database, tmp_path: Path) -> None:
    from .conftest import make_sample

    sample = make_sample(db)
    ops.create(db, "press_qa", sample.visit_id, {"question": "DRAFTQUESTIONPHI?",
                                                 "answer": "Not yet."})
    data = load_pack_data(db, sample.visit_id)
    for edition in ("pocket", "press"):
        path = tmp_path / f"{edition}.pdf"
        build_pack(data, PackOptions(edition=edition, sections=frozenset(SECTIONS)), path)
        text = flat(pdf_text(path))
        for draft in ("Trade should double", "DRAFTQUESTIONPHI", "Good talks", "not cleared"):
            assert draft not in text, (edition, draft)


def test_cli_export_approved_only(db: Database, db_path: Path, tmp_path: Path) -> None:
    from briefing_app.cli import main

    from .conftest import make_sample

    sample = make_sample(db)
    out = tmp_path / "cli.pdf"
    base = ["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out)]
    assert main(base) == 0
    assert "Trade should double" in flat(pdf_text(out)) and "not cleared" in flat(pdf_text(out))
    assert main([*base, "--approved-only"]) == 0
    text = flat(pdf_text(out))
    assert "Trade should double" not in text and "not cleared" not in text


def test_a_long_public_day_continues_under_a_heading_that_says_so(
        db: Database, tmp_path: Path) -> None:
    """A day of the public programme that runs onto another page repeats its header
    row as "Day 2 · … (continued)"; no page of the pack is left empty."""
    from .conftest import make_sample

    sample = make_sample(db)
    for h in range(8, 22):
        ev = ops.create(db, "event", sample.visit_id, {
            "title": f"Open meeting {h}", "event_type": "meeting", "tz": "Asia/Shanghai",
            "press": "open", "media_notes": "Cameras at the door. " * 6,
            "accreditation_point": "North entrance",
            "start_local": f"2019-09-11 {h:02d}:00", "end_local": f"2019-09-11 {h:02d}:30"}).id
        links.set_participant(db, ev, sample.xi, "host")
    path = tmp_path / "press.pdf"
    build_pack(load_pack_data(db, sample.visit_id), PackOptions(edition="press"), path)
    pages = [" ".join(p.split()) for p in pdf_text(path)]
    continued = [p for p in pages if "Day 2 · Wednesday 11 September 2019 (continued)" in p]
    assert continued
    for p in continued:  # the continued page starts with the day's header row
        assert p.index("(continued)") < p.index("Open meeting")
    # every page carries more than its furniture (marking, running head, page number)
    furniture = {"PUBLIC", "Page", "of", "Issued"}
    for n, p in enumerate(pages[1:], start=2):
        words = [w for w in p.split() if w not in furniture]
        assert len(words) > 30, (n, p)


def test_the_press_pack_ends_on_its_last_words_not_on_an_empty_page(
        demo_db: Database, tmp_path: Path) -> None:
    """Its sections end with a conditional break and a space (a short handout runs on);
    after the last section they would start an empty page when little room is left."""
    from reportlab.platypus import CondPageBreak, PageBreak, Spacer

    from briefing_app.pdf.editions import apply_edition
    from briefing_app.pdf.fonts import FontSet
    from briefing_app.pdf.sections.press import press_story
    from briefing_app.pdf.story import Book
    from briefing_app.pdf.styles import Styles, geometry

    visit = list_visits(demo_db)[0]
    data = load_pack_data(demo_db, visit.id)
    for sections in (SECTIONS, {"programme"}, {"press"}, {"deliverables"}, {"biographies"}):
        options = PackOptions(edition="press", sections=frozenset(sections))
        pack, rules = apply_edition(data, options)
        fonts = FontSet()
        book = Book(pack, rules, fonts, Styles(fonts), geometry("a4", False), lambda: None)
        body = press_story(book)
        assert body and not isinstance(body[-1], (CondPageBreak, Spacer, PageBreak)), sections
    path = tmp_path / "press.pdf"
    build_pack(data, PackOptions(edition="press", sections=frozenset(SECTIONS)), path)
    for n, page in enumerate(PdfReader(str(path)).pages, start=1):
        body_words = (page.extract_text() or "").replace("PUBLIC", "").split()
        assert len(body_words) > 40, n  # more than the page's furniture
