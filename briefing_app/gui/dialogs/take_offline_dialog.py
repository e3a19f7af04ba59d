"""File ▸ Take Offline…: the server's address and password, the visit, the laptop file.

The password has its own field (shown as dots) and is never stored: it is joined to the
address only for the connection (gui/operations/offline_jobs.with_password); left empty,
~/.pgpass or PGPASSWORD gives it, as for `--db`. "Connect" lists the server's visits in
a worker; OK is possible once one is chosen. The dialog only asks: the window runs the
take-offline itself (gui/window/sync_actions.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing_app.core.enums import count
from briefing_app.gui.operations.offline_jobs import server_visits, with_password
from briefing_app.gui.operations.workers import Worker


class TakeOfflineDialog(QDialog):
    """Asks where from, which visit and into which file; `choice()` once accepted."""

    def __init__(self, parent: QWidget | None, open_file: Path | None,
                 suggested: Path) -> None:
        super().__init__(parent)
        self.setObjectName("takeOfflineDialog")
        self.setWindowTitle("Take a Visit Offline")
        self.worker: Worker | None = None
        self.connected_url = ""  # the address the visits were listed from
        self.open_file = open_file

        intro = QLabel("Copy a visit from the team server into a file on this computer, "
                       "work on it without the network, and send the changes back with "
                       "File ▸ Sync.")
        intro.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://NAME@HOST:5432/DATABASE")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: ~/.pgpass gives it")
        self.connect_button = QPushButton("&Connect")
        self.connect_button.setObjectName("connectButton")
        self.connect_button.clicked.connect(self.connect_server)
        self.visit = QComboBox()
        self.visit.setObjectName("serverVisits")
        self.visit.setEnabled(False)
        self.visit.setMinimumContentsLength(36)
        self.status = QLabel("Connect to list the server's visits.")
        self.status.setObjectName("connectStatus")
        self.status.setWordWrap(True)

        self.to_new = QRadioButton("A &new file:")
        self.to_open = QRadioButton("The &open file" + (f" ({open_file.name})" if open_file
                                                        else " (none is open)"))
        self.to_open.setEnabled(open_file is not None)
        self.to_new.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_new)
        group.addButton(self.to_open)
        self.new_path = QLineEdit(str(suggested))
        self.new_path.setObjectName("newFilePath")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.to_new.toggled.connect(self.new_path.setEnabled)
        self.to_new.toggled.connect(browse.setEnabled)

        server_row = QHBoxLayout()
        server_row.addWidget(self.password, 1)
        server_row.addWidget(self.connect_button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.to_new)
        file_row.addWidget(self.new_path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Server address:", self.url)
        form.addRow("Password:", server_row)
        form.addRow("", self.status)
        form.addRow("Visit:", self.visit)
        form.addRow("Laptop file:", file_row)
        form.addRow("", self.to_open)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Take &Offline")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textEdited.connect(self._address_changed)
        self.password.textEdited.connect(self._address_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)

    def _address_changed(self, *_: Any) -> None:
        """Another address or password: the visits listed were another server's."""
        if self.visit.count():
            self.visit.clear()
            self.visit.setEnabled(False)
            self.ok.setEnabled(False)
            self.status.setText("Connect to list the server's visits.")

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Laptop file", self.new_path.text(),
                                               "Briefing App database (*.sqlite *.db)")
        if path:
            self.new_path.setText(path)

    def connect_server(self) -> Worker | None:
        """List the server's visits in a worker; a refusal is one line under the field."""
        try:
            url = with_password(self.url.text(), self.password.text())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, one line
            self.status.setText(f"⚠ {exc}")
            return None
        self.connect_button.setEnabled(False)
        self.status.setText("Connecting…")
        self.worker = Worker(server_visits, url)
        self.worker.signals.finished.connect(lambda found: self._listed(url, found))
        self.worker.signals.failed.connect(self._refused)
        self.worker.start()
        return self.worker

    def _listed(self, url: str, found: list[tuple[str, str]]) -> None:
        self.connect_button.setEnabled(True)
        self.connected_url = url
        self.visit.clear()
        for uuid, label in found:
            self.visit.addItem(label, uuid)
            self.visit.setItemData(self.visit.count() - 1, label,
                                   Qt.ItemDataRole.ToolTipRole)  # a long title whole
        self.visit.setEnabled(bool(found))
        self.ok.setEnabled(bool(found))
        self.status.setText(f"{count(len(found), 'visit')} on the server you may read." if found
                            else "⚠ The server holds no visit you may read.")

    def _refused(self, exc: BaseException) -> None:
        self.connect_button.setEnabled(True)
        self.status.setText(f"⚠ {exc}")

    def choice(self) -> tuple[str, str, Path | None]:
        """(address with password, visit UUID, new file or None for the open file)."""
        target = None if self.to_open.isChecked() else \
            Path(self.new_path.text().strip()).expanduser()
        return self.connected_url, str(self.visit.currentData()), target
