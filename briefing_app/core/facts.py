"""Facts and figures: when a figure is too old to quote without checking."""

from __future__ import annotations

from datetime import date, timedelta

from briefing_app.core.records import FactRecord, VisitRecord


def is_stale(fact: FactRecord, visit: VisitRecord, reference: date | None = None) -> bool:
    """A fact is stale when its as-of date is more than the visit's threshold
    (`fact_stale_days`) before the reference date — by default the visit's first day,
    since the book is read then. A fact without a date is always stale: nobody can
    say how current it is. A dated fact without a figure is history ("announced in
    Astana on 7 September 2013"): its date is what it states, and it does not age."""
    if fact.as_of is None:
        return True
    if fact.value is None:
        return False
    ref = reference or visit.start_date
    try:
        return fact.as_of < ref - timedelta(days=visit.fact_stale_days)
    except OverflowError:  # a visit dated before the app bounded dates (year 1): nothing
        return False       # can be older than the threshold, which lies before year 1


def format_value(fact: FactRecord) -> str:
    """'11.7 bn US$' style: the number as typed (no float noise) with its unit."""
    if fact.value is None:
        return ""
    value = f"{fact.value:,.6f}".rstrip("0").rstrip(".")
    return f"{value} {fact.unit}".strip()
