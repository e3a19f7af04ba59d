"""Speeches: the texts printed as reading copies, with who speaks at which event and
how long the text takes at the speaker's pace (core.protocol_lists.speaking_minutes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from briefing_app.core.ops import entities
from briefing_app.core.protocol_lists import PAUSE_LINE, PAUSE_WORD, speaking_minutes
from briefing_app.gui.operations.state import AppState
from briefing_app.gui.views.list_form import ListFormView
from briefing_app.gui.widgets.record_form import Field
from briefing_app.gui.widgets.table_model import Column
from briefing_app.gui.widgets.wide_choices import widen_choices


def minutes(speech: Any) -> str:
    """'about 7 min' at the speech's words per minute; empty for an empty text."""
    if not (speech.text or "").strip():
        return ""
    return f"about {max(1, round(speaking_minutes(speech.text, speech.words_per_minute)))} min"


class SpeechesView(ListFormView):
    kind = "speech"
    title_text = "Speeches"
    new_values = {"title": "New speech"}
    copy_fields = ("title", "speaker_id", "event_id", "text", "words_per_minute", "notes")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._names: dict[int, str] = {}
        self._events: dict[int, str] = {}
        self._slots: dict[int, float] = {}  # event id -> minutes
        super().__init__(state, parent)
        self.kinds = frozenset({"speech", "event", "person"})
        for col, width in enumerate((250, 85, 170, 170)):
            self.table.setColumnWidth(col, width)
        note = QLabel("Orange: the text takes longer at its pace than its event lasts. "
                      f"In the text a blank line separates paragraphs, a line holding only "
                      f"<b>{PAUSE_LINE}</b> is a pause between them and <b>{PAUSE_WORD}</b> a "
                      "breath within a sentence; the reading copy never breaks a page inside "
                      "a sentence.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6670;")
        self.right_layout.addWidget(note)
        widen_choices(self.form)

    def warn(self, record: Any) -> bool:
        """Longer at its pace than the event it is given at lasts."""
        slot = self._slots.get(record.event_id or 0)
        return slot is not None and speaking_minutes(record.text, record.words_per_minute) > slot

    def columns(self) -> list[Column]:
        return [
            Column("Title", lambda s: s.title),
            Column("Length", minutes, align_right=True,
                   tooltip=lambda s: f"Longer than its event ({self._slots[s.event_id]:.0f} "
                   "min)" if self.warn(s) else minutes(s),
                   sort=lambda s: speaking_minutes(s.text, s.words_per_minute)),
            Column("Speaker", lambda s: self._names.get(s.speaker_id or 0, "")),
            Column("Event", lambda s: self._events.get(s.event_id or 0, "")),
        ]

    def fields(self) -> list[Field]:
        return [
            Field("title", "Tit&le"),
            Field("speaker_id", "Spea&ker", "ref"),
            Field("event_id", "Even&t", "ref"),
            Field("words_per_minute", "&Pace (words a minute)", "int", lo=60, hi=250),
            Field("text", "Te&xt", "text", rows=14),
            Field("notes", "N&otes", "text", rows=2),
        ]

    def load(self) -> list[Any]:
        db, visit_id = self.state.require_db(), self.state.require_visit().id
        people = entities.list_for_visit(db, "person", visit_id)
        events = entities.list_for_visit(db, "event", visit_id)
        self._names = {p.id: p.display_name for p in people}
        self._events = {e.id: e.title for e in events}
        self._slots = {e.id: (e.ends_at - e.starts_at).total_seconds() / 60 for e in events}
        self.form.set_choices("speaker_id", [("— nobody —", None)]
                              + [(p.display_name, p.id) for p in people])
        self.form.set_choices("event_id", [("— no event —", None)]
                              + [(e.title, e.id) for e in events])
        return super().load()
