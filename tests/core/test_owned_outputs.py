"""No export is ever written over a file the app owns: the database, its side files,
its backups — named directly, through a symlink, a relative path or a hard link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core.backup import make_backup
from briefing_app.core.owned_files import owner_of

pytestmark = pytest.mark.sqlite_only(reason="exports never overwrite the database file or its side files")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _targets(db_path: Path) -> list[tuple[str, str]]:
    """(how the target is named, the name given) for every kind of owned file."""
    folder = db_path.parent
    backup = make_backup(db_path, "manual")
    (folder / "link.pdf").symlink_to(db_path)
    (folder / "wal-link").symlink_to(db_path.with_name(db_path.name + "-wal"))
    os.link(db_path, folder / "hard.pdf")
    os.link(backup, folder / "hard-backup.pdf")
    return [
        ("the database", str(db_path)),
        ("a relative path", os.path.relpath(db_path)),
        ("a symlink", str(folder / "link.pdf")),
        ("a hard link", str(folder / "hard.pdf")),
        ("the -wal", str(db_path) + "-wal"),
        ("a symlink to the -wal", str(folder / "wal-link")),
        ("the -shm", str(db_path) + "-shm"),
        ("a backup", str(backup)),
        ("a new file in the backups folder", str(backup.parent / "new.pdf")),
        ("a hard link to a backup", str(folder / "hard-backup.pdf")),
    ]


@pytest.mark.parametrize("command", [
    ["export", "1", "--edition", "pocket"], ["export-bundle", "1"], ["export-ics", "1"]])
def test_no_export_writes_over_the_database_or_its_files(capsys, demo_db_path, monkeypatch,
                                                         command):
    monkeypatch.chdir(demo_db_path.parent)
    targets = _targets(demo_db_path)
    before = _snapshot(demo_db_path.parent)
    for how, target in targets:
        code = main(["--db", str(demo_db_path), *command, "--out", target])
        _out, err = capsys.readouterr()
        assert code == 1, f"{how}: {err}"
        assert "nothing was written" in err and "Traceback" not in err, how
        assert err.count("\n") == 1, err
        assert _snapshot(demo_db_path.parent) == before, how
    code = main(["--db", str(demo_db_path), "list"])
    assert code == 0 and "2019-09-10" in capsys.readouterr().out


def test_messages_say_which_file_it_is(demo_db_path, capsys):
    folder = demo_db_path.parent
    assert owner_of(demo_db_path, demo_db_path) == "the open database"
    assert owner_of(str(demo_db_path) + "-wal", demo_db_path) == "the database's write-ahead log"
    backups = folder / f"{demo_db_path.stem}-backups"
    assert "backups folder" in owner_of(backups / "x.pdf", demo_db_path)
    assert owner_of(folder / "pack.pdf", demo_db_path) is None
    assert owner_of(folder / f"{backups.name}.pdf", demo_db_path) is None
    code = main(["--db", str(demo_db_path), "export", "1", "--out", str(demo_db_path)])
    err = capsys.readouterr().err
    assert code == 1 and "is the open database" in err


def test_numbered_copies_are_checked_too(capsys, demo_db_path):
    folder = demo_db_path.parent
    victim = folder / "pack-copy-2-of-2.pdf"
    victim.symlink_to(demo_db_path)
    before = demo_db_path.read_bytes()
    code = main(["--db", str(demo_db_path), "export", "1", "--edition", "pocket",
                 "--copies", "2", "--out", str(folder / "pack.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "is the open database" in err
    assert demo_db_path.read_bytes() == before
    assert not (folder / "pack-copy-1-of-2.pdf").exists()


def test_an_ordinary_export_still_works(capsys, demo_db_path, tmp_path):
    out = tmp_path / "out.ics"
    assert main(["--db", str(demo_db_path), "export-ics", "1", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
