"""Reference boxes (person, event, hotel) that keep a readable width.

A combo box sizes itself to its items when first shown; a form shown before its
choices arrive would keep a box a few letters wide ("— nobod"). These boxes take the
width the form gives them instead, whatever they held when first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSizePolicy

from briefing_app.gui.widgets.record_form import RecordForm


def widen_choices(form: RecordForm, letters: int = 24) -> None:
    """Every choice and reference box of `form` grows with the form's column."""
    for widget in form.widgets.values():
        if isinstance(widget, QComboBox) and not widget.isEditable():
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(letters)
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
