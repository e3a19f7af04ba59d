"""The window's side of encryption at rest: unlock at open, File ▸ Encrypt…, File ▸
Change passphrase…, the idle lock, and "remember on this computer".

Unlocking: the key kept in the OS key store (through `keyring`) is tried first, then
the user has three tries; a wrong passphrase says so and leaves the file untouched,
never "damaged". What the key store keeps is the derived key of that file family
(`core/cipher.py`), never the passphrase. `keyring` is never required: no back end, a
locked or failing one, only means the passphrase is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_app.core import cipher
from briefing_app.core.encryption import change_passphrase as core_change
from briefing_app.core.encryption import encrypt_database
from briefing_app.gui.dialogs.passphrase_dialog import PassphraseDialog
from briefing_app.gui.operations.errors import show_error

if TYPE_CHECKING:
    from briefing_app.core.file_check import DatabaseFileError
    from briefing_app.gui.window.ports import WindowPort

# Deferred imports: keyring (the OS key store) is optional at run time; it is imported where it is tried.

TRIES = 3
KEYRING_SERVICE = "Briefing App database key"


def ask(win: WindowPort, title: str, prompt: str, *, new: bool = False,
        remember: bool = False, message: str = "") -> tuple[str, bool] | None:
    """(passphrase, remember) from the dialog, or None when cancelled."""
    dialog = PassphraseDialog(win, title, prompt, new=new, remember=remember, message=message)
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
        return None
    return dialog.value(), dialog.remember.isChecked()


def _busy(job: Callable[[], Any]) -> Any:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return job()
    finally:
        QApplication.restoreOverrideCursor()


# --- the OS key store -----------------------------------------------------------------


def _keyring() -> Any:
    try:
        import keyring
    except Exception:  # noqa: BLE001 - missing or broken: the passphrase is asked instead
        return None
    return keyring


def remember_key(key: cipher.Key) -> bool:
    """Keep the derived key in the OS key store; False (silently) when it cannot."""
    ring = _keyring()
    if ring is None:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, key.salt.hex(), key.raw.hex())
    except Exception:  # noqa: BLE001 - no back end, locked, refused
        return False
    return True


def forget_key(salt: bytes) -> None:
    ring = _keyring()
    if ring is None:
        return
    try:
        ring.delete_password(KEYRING_SERVICE, salt.hex())
    except Exception:  # noqa: BLE001 - nothing stored, or no back end
        pass


def remembered(path: Path) -> bool:
    """True when the key store holds a key that opens `path` (then it is unlocked)."""
    salt = cipher.file_salt(path)
    ring = _keyring()
    if salt is None or ring is None:
        return False
    try:
        raw = ring.get_password(KEYRING_SERVICE, salt.hex())
        key = cipher.Key(salt, bytes.fromhex(raw)) if raw else None
    except Exception:  # noqa: BLE001 - a failing back end, or a mangled entry
        return False
    if key is None or len(key.raw) != cipher.KEY_SIZE or not cipher.try_key(path, key):
        return False
    cipher.KEYS.add(key)
    return True


# --- unlocking ------------------------------------------------------------------------


def unlock(win: WindowPort, path: Path, *, use_keyring: bool = True,
           reason: str = "") -> str | None:
    """Unlock `path` (the key store, else up to three tries): None when it stays locked,
    else a note for the status bar ('' when there is nothing to say)."""
    if use_keyring and remembered(path):
        return ""
    message = reason
    for attempt in range(1, TRIES + 1):
        answer = ask(win, "Unlock the database",
                     f"{path.name} is encrypted. Type its passphrase to open it.",
                     remember=_keyring() is not None, message=message)
        if answer is None:
            return None
        passphrase, keep = answer
        try:
            key = _busy(lambda p=passphrase: cipher.unlock(path, p))
        except cipher.WrongPassphraseError:
            left = TRIES - attempt
            message = (f"That passphrase is wrong; {left} {'try' if left == 1 else 'tries'} "
                       "left. The file was not changed.")
            continue
        if keep and not remember_key(key):
            return ("The system's key store is not available; the passphrase will be "
                    "asked for next time")
        return ""
    QMessageBox.warning(win, "Not opened", f"The passphrase was wrong {TRIES} times, so "
                        f"{path} was not opened. The file is unchanged; open it again to "
                        "retry.")
    return None


def _note(win: WindowPort, note: str) -> None:
    if note:
        win.statusBar().showMessage(note, 15000)


def unlock_and_open(win: WindowPort, path: Path, exc: DatabaseFileError) -> bool:
    """The open found an encrypted file: unlock it, then open it again."""
    note = unlock(win, path)
    if note is None:
        win.statusBar().showMessage(f"{path.name} is encrypted and was not opened", 10000)
        return False
    opened = win.open_database(path, first_run=False)
    _note(win, note)
    return opened


# --- File ▸ New database…, File ▸ Encrypt…, File ▸ Change passphrase… ----------------


def ask_new_database(win: WindowPort, path: Path) -> tuple[str, bool] | None:
    """(passphrase or '' for a plain file, remember) for a new database; None: cancelled."""
    dialog = PassphraseDialog(
        win, "New database",
        f"Create {path.name}. Encrypt it if it will hold restricted briefs or passport "
        "data: without the passphrase nobody — you included — can read it; keep the "
        "passphrase somewhere safe.",
        new=True, remember=True, optional="Encrypt the new database with a passphrase")
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
        return None
    return dialog.value(), dialog.remember.isChecked()


def create_database(win: WindowPort, path: Path) -> bool:
    """File ▸ New database…: a plain or (if chosen) encrypted file from the start, so no
    plain copy of its data ever reaches the disk; False when cancelled or not opened."""
    answer = ask_new_database(win, path)
    if answer is None:
        return False
    passphrase, keep = answer
    if not passphrase:
        return win.open_database(path)
    key = _busy(lambda: cipher.new_key(passphrase))  # scrypt: deliberately slow
    if not win.open_database(path, key=key):
        return False
    note = f"Created {path.name}, encrypted"
    if keep and not remember_key(key):
        note += ("; the system's key store is not available, so the passphrase will be "
                 "asked for at each open")
    _note(win, note)
    return True


def _reopen(win: WindowPort, path: Path, visit_id: int | None) -> None:
    win.open_database(path, visit_id=visit_id, first_run=False)


def encrypt_current(win: WindowPort) -> bool:
    """Encrypt the open database and its backups (a backup first; the original is
    replaced only once the encrypted copy verifies)."""
    db = win.state.require_writable()
    path = db.path
    if cipher.key_for(path) is not None:
        QMessageBox.information(win, "Already encrypted", f"{path.name} is already "
                                "encrypted. To re-key it, use File ▸ Change Passphrase…")
        return False
    answer = ask(win, "Encrypt the database",
                 f"Encrypt {path.name} and its backups with a passphrase. Without the "
                 "passphrase nobody — you included — can read the data again: keep it "
                 "safe.", new=True, remember=_keyring() is not None)
    if answer is None:
        return False
    passphrase, keep = answer
    visit_id = win.state.visit.id if win.state.visit is not None else None
    win.state.close_database()
    try:
        change = _busy(lambda: encrypt_database(path, passphrase))
    except Exception as exc:  # noqa: BLE001 - shown; the plain file is unchanged
        _reopen(win, path, visit_id)
        show_error(exc, win)
        return False
    if keep:
        remember_key(change.key)
    _reopen(win, path, visit_id)
    win.statusBar().showMessage(f"Encrypted {path.name} and {change.converted} backup(s)",
                                15000)
    return True


def change_passphrase(win: WindowPort) -> bool:
    """Re-key the open encrypted database and its backups under a new passphrase."""
    db = win.state.require_writable()
    path = db.path
    old = cipher.key_for(path)
    if old is None:
        QMessageBox.information(win, "Not encrypted", f"{path.name} is not encrypted. Use "
                                "File ▸ Encrypt… first.")
        return False
    answer = ask(win, "Change the passphrase", f"Type the new passphrase for {path.name} "
                 "(its backups are re-keyed too).", new=True, remember=_keyring() is not None)
    if answer is None:
        return False
    passphrase, keep = answer
    visit_id = win.state.visit.id if win.state.visit is not None else None
    win.state.close_database()
    try:
        change = _busy(lambda: core_change(path, passphrase))
    except Exception as exc:  # noqa: BLE001 - shown; the file keeps its old passphrase
        _reopen(win, path, visit_id)
        show_error(exc, win)
        return False
    forget_key(old.salt)
    if keep:
        remember_key(change.key)
    _reopen(win, path, visit_id)
    win.statusBar().showMessage(f"Changed the passphrase of {path.name} and of "
                                f"{change.converted} backup(s)", 15000)
    return True


# --- the idle lock --------------------------------------------------------------------


def lock(win: WindowPort, minutes: int) -> bool:
    """Close the encrypted database, forget its key, ask again; True once reopened."""
    db = win.state.db
    if db is None or cipher.key_for(db.path) is None:
        return False
    path = db.path
    salt = cipher.file_salt(path)
    visit_id = win.state.visit.id if win.state.visit is not None else None
    win.show_locked(f"{path.name} is locked")
    if salt is not None:
        cipher.KEYS.forget(salt)
    note = unlock(win, path, use_keyring=False,
                  reason=f"Locked after {minutes} minute{'s' if minutes != 1 else ''} "
                         "without use.")
    if note is None:
        win.statusBar().showMessage(f"{path.name} is locked: open it again to unlock it", 0)
        return False
    _reopen(win, path, visit_id)
    _note(win, note)
    return True
