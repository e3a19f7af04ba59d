"""The protocol office's lists as plain data: the delegation's warnings (passports and
visas), a transfer's motorcade grouped into cars, a hotel's rooming list, a reading
copy's blocks and sentences. Used by the views, `check` and the pack alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefing_app.core.enums import MISSING_VISA, label

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
    if expiry is not None and expiry < months_after(visit_end, PASSPORT_MONTHS):
        when = "has expired" if expiry <= visit_end else "expires"
        out.append(f"{name}: passport {when} on {expiry:%d %b %Y}, within "
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


@dataclass(frozen=True)
class Car:
    """One car of a motorcade with the seats given for it."""

    position: int
    number: str
    driver: str
    liaison: str
    seats: tuple[Any, ...]  # CarSeat records; those with a person are its passengers


def motorcade(seats: Iterable[Any]) -> dict[int | None, list[Car]]:
    """Seats grouped by transfer (event id) and car, in motorcade order; a car's driver
    and liaison are the first given on any of its seats."""
    groups: dict[tuple[int | None, int, str], list[Any]] = {}
    for s in seats:
        groups.setdefault((s.event_id, s.car_position, s.car_number), []).append(s)
    out: dict[int | None, list[Car]] = {}
    for (event_id, pos, number), found in sorted(
            groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2])):
        driver = next((s.driver for s in found if s.driver), "")
        liaison = next((s.liaison for s in found if s.liaison), "")
        out.setdefault(event_id, []).append(Car(pos, number, driver, liaison, tuple(found)))
    return out


# --- reading copies ------------------------------------------------------------------
# The markup of a speech's text (docs/protocol.md): a blank line between paragraphs; a
# line holding only "//" is a pause between paragraphs; "[pause]" within a sentence is
# a short pause where the speaker breathes.
PAUSE_LINE = "//"
PAUSE_WORD = "[pause]"
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'»”）)]*\s+")


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
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def speaking_minutes(text: str, words_per_minute: int) -> float:
    """How long the text takes at the given pace (pauses not counted)."""
    words = len(re.findall(r"\w+", (text or "").replace(PAUSE_WORD, "")))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text or ""))  # a character is about a word
    return (words + cjk) / max(words_per_minute, 1)
