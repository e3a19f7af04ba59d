"""The export options form: edition, person, classification, copies, watermark, paper,
sections, password and the output file — remembered between exports (QSettings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from briefing_app.core.errors import ValidationError
from briefing_app.gui.launch import settings
from briefing_app.pdf import PackOptions
from briefing_app.pdf.options import (
    DEFAULT_SECTIONS,
    EDITION_TITLES,
    MIN_PASSWORD,
    SECTIONS,
    Edition,
)
from briefing_app.pdf.pack_sections import BY_NAME


def default_file_name(visit: Any, edition: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", visit.title.casefold()).strip("-")[:60] or "briefing-pack"
    return f"{stem}-{edition}.pdf"


class ExportOptionsForm(QWidget):
    def __init__(self, visit: Any, people: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visit = visit
        form = QFormLayout(self)
        self.edition = QComboBox()
        for edition, title in EDITION_TITLES.items():
            self.edition.addItem(title, edition.value)
        self.person = QComboBox()
        for p in people:
            self.person.addItem(p.display_name, p.id)
        self.classification = QLineEdit()
        self.classification.setPlaceholderText(f"the visit's: {visit.classification}")
        self.copies = QSpinBox()
        self.copies.setRange(1, 200)
        self.copies.setToolTip("More than one copy: one numbered file per copy")
        self.watermark = QLineEdit()
        self.watermark.setPlaceholderText("e.g. DRAFT (optional)")
        self.watermark.setMaxLength(40)
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.sections: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, key in enumerate(SECTIONS):
            box = QCheckBox(BY_NAME[key].label)
            box.setChecked(key in DEFAULT_SECTIONS)
            self.sections[key] = box
            grid.addWidget(box, i // 2, i % 2)
        self.approved_only = QCheckBox("&Approved items only (leave drafts out)")
        self.approved_only.setToolTip(
            "Off: items not yet cleared print marked \u201cDRAFT \u2014 not cleared\u201d. "
            "The press pack and the pocket card never carry drafts.")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: encrypts the PDF (AES-256)")
        self.password.textChanged.connect(self._password_changed)
        self.password_note = QLabel()
        self.password_note.setObjectName("passwordNote")
        self.password_note.setStyleSheet("color: #9a5b00;")
        self.password_note.setWordWrap(True)
        self.password_note.hide()
        self.permissions = QComboBox()
        self.permissions.setObjectName("permissions")
        self.permissions.addItem("By the marking (restricted: print only)", None)
        self.permissions.addItem("Print only — no copying, no changes", "print")
        self.permissions.addItem("Everything allowed", "all")
        self.permissions.addItem("Read on screen only", "view")
        self.permissions.setToolTip("What the reader of the encrypted PDF may do")
        self.path = QLineEdit()
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("&Edition", self.edition)
        form.addRow("P&erson", self.person)
        form.addRow("&Classification", self.classification)
        form.addRow("Cop&ies", self.copies)
        form.addRow("&Watermark", self.watermark)
        form.addRow("&Paper", self.paper)
        form.addRow("Sections", grid)
        form.addRow("Drafts", self.approved_only)
        form.addRow("Pass&word", self.password)
        form.addRow("", self.password_note)
        form.addRow("Per&missions", self.permissions)
        form.addRow("Save as", path_row)
        self.edition.currentIndexChanged.connect(self._edition_changed)
        self._load_defaults()
        self._password_changed("")

    def _load_defaults(self) -> None:
        edition = settings.get(settings.EXPORT_EDITION)
        self.edition.setCurrentIndex(max(0, self.edition.findData(edition)))
        self.classification.setText(settings.get(settings.EXPORT_CLASSIFICATION))
        self.copies.setValue(max(1, settings.get(settings.EXPORT_COPIES)))
        self.watermark.setText(settings.get(settings.EXPORT_WATERMARK))
        self.paper.setCurrentIndex(max(0, self.paper.findData(
            settings.get(settings.EXPORT_PAPER).lower())))
        self.approved_only.setChecked(settings.get(settings.EXPORT_APPROVED_ONLY))
        chosen = settings.get(settings.EXPORT_SECTIONS)
        if chosen:
            for key, box in self.sections.items():
                box.setChecked(key in chosen)
        folder = settings.get(settings.EXPORT_FOLDER) or str(Path.home())
        self.path.setText(str(Path(folder) / default_file_name(self.visit,
                                                               self.edition.currentData())))
        self._edition_changed()

    def _edition_changed(self, *_: Any) -> None:
        edition = self.edition.currentData()
        self.person.setEnabled(edition == Edition.PERSON)
        # the press pack carries its own marking, never the visit's classification
        v = self.visit
        marking = (getattr(v, "press_marking", "") or "PUBLIC") + (
            f" — EMBARGOED until {v.press_embargo}" if getattr(v, "press_embargo", "") else "")
        self.classification.setPlaceholderText(
            f"the press marking: {marking}" if edition == Edition.PRESS
            else f"the visit's: {v.classification}")
        self.approved_only.setEnabled(edition in (Edition.PRINCIPAL, Edition.DELEGATION))
        current = Path(self.path.text()) if self.path.text() else None
        if current is not None:
            self.path.setText(str(current.with_name(default_file_name(
                self.visit, self.edition.currentData()))))

    def _password_changed(self, text: str) -> None:
        """Say so while the password is shorter than 12 characters (it is still used)."""
        short = 0 < len(text) < MIN_PASSWORD
        self.password_note.setText(f"Short password ({len(text)} characters): use at least "
                                   f"{MIN_PASSWORD}; a short one can be guessed offline.")
        self.password_note.setVisible(short)
        self.permissions.setEnabled(bool(text))

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Save the briefing pack as",
                                               self.path.text(), "PDF (*.pdf)")
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def options(self) -> Any:
        """The PackOptions for what is chosen (ValidationError names a bad field)."""
        edition = self.edition.currentData()
        return PackOptions(
            edition=edition,
            person_id=self.person.currentData() if edition == Edition.PERSON else None,
            paper=self.paper.currentData(),
            classification=self.classification.text().strip() or None,
            copies=self.copies.value(),
            watermark=self.watermark.text().strip(),
            sections=frozenset(k for k, b in self.sections.items() if b.isChecked()),
            password=self.password.text(),
            approved_only=self.approved_only.isChecked(),
            permissions=self.permissions.currentData(),
        )

    def out_path(self) -> Path:
        text = self.path.text().strip()
        if not text:
            raise ValidationError("save as", "choose where to save the PDF")
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            raise ValidationError("save as", f"the folder {path.parent} does not exist")
        return path

    def remember(self) -> None:
        """Keep these choices as the defaults of the next export (not the password)."""
        settings.put(settings.EXPORT_EDITION, self.edition.currentData())
        settings.put(settings.EXPORT_CLASSIFICATION, self.classification.text().strip())
        settings.put(settings.EXPORT_COPIES, self.copies.value())
        settings.put(settings.EXPORT_WATERMARK, self.watermark.text().strip())
        settings.put(settings.EXPORT_PAPER, self.paper.currentData())
        settings.put(settings.EXPORT_APPROVED_ONLY, self.approved_only.isChecked())
        settings.put(settings.EXPORT_SECTIONS,
                     [k for k, b in self.sections.items() if b.isChecked()])
        settings.put(settings.EXPORT_FOLDER, str(Path(self.path.text()).expanduser().parent))
