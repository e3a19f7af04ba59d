"""The protocol office's lists as plain data: the delegation's warnings (passports and
visas), a transfer's motorcade grouped into cars, a hotel's rooming list, a reading
copy's blocks and sentences. Used by the views, `check` and the pack alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefing_app.core.enums import MISSING_VISA, Vehicle, label

# A passport must stay valid this long after the visit's last day (many states' rule).
PASSPORT_MONTHS = 6


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def delegate_warnings(delegate: Any, visit_end: date, name: str) -> list[str]:
    """What is wrong with one delegate's papers: a passport that expires within six
    months of the visit's last day (or is not recorded), a visa still missing."""
    out = []
    expiry = delegate.passport_expiry
    if expiry is None:
        out.append(f"{name}: passport expiry not recorded")
    elif expiry < visit_end:
        out.append(f"{name}: passport expires on {expiry:%d %b %Y}, before the visit ends "
                   f"({visit_end:%d %b %Y})")
    elif expiry < months_after(visit_end, PASSPORT_MONTHS):
        out.append(f"{name}: passport expires on {expiry:%d %b %Y}, within "
                   f"{PASSPORT_MONTHS} months of the visit's end ({visit_end:%d %b %Y})")
    if delegate.visa_status in MISSING_VISA:
        out.append(f"{name}: visa {label(delegate.visa_status).lower()}, not granted")
    return out


def delegation_warnings(delegates: Iterable[Any], visit_end: date,
                        names: Mapping[int, str]) -> list[str]:
    """Every delegate's warnings, in list order."""
    out: list[str] = []
    for d in delegates:
        out += delegate_warnings(d, visit_end, names.get(d.person_id, f"delegate #{d.id}"))
    return out


_VEHICLE_WORD = {Vehicle.CAR: "Car", Vehicle.AIRCRAFT: "Flight", Vehicle.TRAIN: "Train",
                 Vehicle.COACH: "Coach"}


def vehicle_name(seat: Any) -> str:
    """"Car 1", "Flight KAZ 001": the vehicle a transfer seat is in."""
    word = _VEHICLE_WORD.get(Vehicle(getattr(seat, "vehicle", None) or Vehicle.CAR), "Car")
    return f"{word} {seat.car_number}"


@dataclass(frozen=True)
class Car:
    """One vehicle of a transfer with the seats given for it: a car of the motorcade,
    or a flight, train or coach (`vehicle`)."""

    position: int
    number: str
    driver: str
    liaison: str
    seats: tuple[Any, ...]  # CarSeat records; those with a person are its passengers
    vehicle: str = "car"


def motorcade(seats: Iterable[Any]) -> dict[int | None, list[Car]]:
    """Seats grouped by transfer (event id) and vehicle: the cars in motorcade order,
    then flights, trains and coaches; a car's driver and liaison are the first given on
    any of its seats."""
    groups: dict[tuple[int | None, bool, int, str, str], list[Any]] = {}
    for s in seats:
        vehicle = str(getattr(s, "vehicle", "car") or "car")
        groups.setdefault((s.event_id, vehicle != "car", s.car_position, s.car_number,
                           vehicle), []).append(s)
    out: dict[int | None, list[Car]] = {}
    for (event_id, _other, pos, number, vehicle), found in sorted(
            groups.items(), key=lambda kv: (kv[0][0] or 0, *kv[0][1:])):
        driver = next((s.driver for s in found if s.driver), "")
        liaison = next((s.liaison for s in found if s.liaison), "")
        out.setdefault(event_id, []).append(
            Car(pos, number, driver, liaison, tuple(found), vehicle))
    return out


# --- reading copies ------------------------------------------------------------------
# The markup of a speech's text (docs/protocol.md): a blank line between paragraphs; a
# line holding only "//" is a pause between paragraphs; "[pause]" within a sentence is
# a short pause where the speaker breathes.
PAUSE_LINE = "//"
PAUSE_WORD = "[pause]"
# A sentence ends at . ! ? … and the closing quotes after it when a space follows, and
# at a Chinese full stop (。！？ and its quotes) with or without one.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’）)」』]*(?=\s|$)|[。！？][\"'»”’）)」』]*")


@dataclass(frozen=True)
class Block:
    """A paragraph as sentences, or a pause between paragraphs (`sentences` empty)."""

    sentences: tuple[str, ...]

    @property
    def is_pause(self) -> bool:
        return not self.sentences


def reading_blocks(text: str) -> list[Block]:
    """A speech's text as paragraphs of sentences and pauses, in order."""
    out: list[Block] = []
    for raw in re.split(r"\n\s*\n", (text or "").replace("\r", "")):
        lines = [ln.strip() for ln in raw.split("\n")]
        para: list[str] = []
        for ln in lines:
            if ln == PAUSE_LINE:
                if para:
                    out.append(Block(tuple(split_sentences(" ".join(para)))))
                    para = []
                out.append(Block(()))
            elif ln:
                para.append(ln)
        if para:
            out.append(Block(tuple(split_sentences(" ".join(para)))))
    return out


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (a page never breaks inside one)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start:m.end()])
        start = m.end()
    out.append(paragraph[start:])
    return [s.strip() for s in out if s.strip()]


def speaking_minutes(text: str, words_per_minute: int) -> float:
    """How long the text takes at the given pace (pauses not counted)."""
    words = len(re.findall(r"\w+", (text or "").replace(PAUSE_WORD, "")))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text or ""))  # a character is about a word
    return (words + cjk) / max(words_per_minute, 1)
