"""What an undo step is called: a sentence in the past tense with the item's name for
the History dock ("Deleted talking point “Trade…”"), the imperative for the Edit menu
("Undo Delete talking point “Trade…”").

QUndoCommand keeps both in one text, "shown in History\\nshown in the menu"
(`text()` and `actionText()`)."""

from __future__ import annotations

from typing import Any

from briefing_app.core.enums import kind_label
from briefing_app.core.enums import label as enum_label

# The field that names a record of each kind (a change to it is a rename).
# A person's `title` is the office they hold, so the name comes first.
NAME_FIELDS = ("native_name", "title", "heading", "name", "statement", "question", "text")
_FIELDS = {"start_local": "times", "end_local": "times", "starts_at": "times",
           "ends_at": "times", "tz": "time zone", "end_tz": "arrival zone",
           "native_name": "name", "latin_name": "transliteration", "venue_id": "venue",
           "arrival_venue_id": "arrival venue", "principal_id": "principal",
           "signing_event_id": "signing event", "event_id": "event",
           "photo": "photo", "photo_mime": "photo", "visit_type": "kind",
           "event_type": "kind", "point_type": "kind", "agreement_type": "kind"}


def quoted(name: Any, n: int = 40) -> str:
    text = " ".join(str(name or "").split())
    return "“" + (text if len(text) <= n else text[: n - 1] + "…") + "”"


def both(done: str, do: str) -> str:
    """The History sentence and the Edit-menu phrase, as QUndoCommand.setText wants."""
    return f"{done}\n{do}"


def added(kind: str, name: Any) -> str:
    what = f"{kind_label(kind)} {quoted(name)}" if name else kind_label(kind)
    return both(f"Added {what}", f"Add {what}")


def deleted(kind: str, name: Any) -> str:
    what = f"{kind_label(kind)} {quoted(name)}"
    return both(f"Deleted {what}", f"Delete {what}")


def duplicated(kind: str, name: Any) -> str:
    what = f"{kind_label(kind)} {quoted(name)}"
    return both(f"Duplicated {what}", f"Duplicate {what}")


def field_names(fields: Any) -> str:
    names: list[str] = []
    for f in fields:
        name = _FIELDS.get(f, f.replace("_", " "))
        if name not in names:
            names.append(name)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def name_field(record: Any) -> str | None:
    """The field a record's name comes from (its title, a person's native name …)."""
    return next((f for f in NAME_FIELDS if getattr(record, f, None)), None)


def edited(kind: str, name: Any, changes: dict[str, Any], named_by: str | None = "title") -> str:
    """"Renamed event “Talks” to “Talks with Xi Jinping”", "Set the status of event
    “Talks” to Confirmed", "Changed the objectives of event “Talks”". `named_by` is the
    field the name comes from: changing only that one is a rename."""
    what = f"{kind_label(kind)} {quoted(name)}"
    keys = list(changes)
    if keys == [named_by]:
        return both(f"Renamed {what} to {quoted(changes[named_by])}", f"Rename {what}")
    if len(keys) == 1 and field_names(keys) in ("status", "kind"):
        value = enum_label(str(changes[keys[0]]))
        return both(f"Set the {field_names(keys)} of {what} to {value}",
                    f"Set the {field_names(keys)} of {what}")
    fields = field_names(keys)
    return both(f"Changed the {fields} of {what}", f"Change the {fields} of {what}")
