"""An internal error never carries a field's value: not on stderr, not in a dialog, not in
the crash log — an SQL error's parameters (restricted text) least of all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from briefing_app.cli import main
from briefing_app.core import crash_log
from briefing_app.core.database import Database, open_database

MARKER = "RESTRICTED-not-for-disclosure-7c1e"


def _failing_write(db: Database) -> None:
    """A real statement error from the app's own engine, with MARKER as a parameter
    (a visit needs more columns than a title: NOT NULL fails)."""
    with db.write() as s:
        s.execute(text("INSERT INTO visits (title) VALUES (:title)"), {"title": MARKER})


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def _logs(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in folder.rglob("crash-*.log"))


def test_cli_internal_sql_error_prints_no_parameters(db_path: Path, log_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from briefing_app.core.ops import visits

    monkeypatch.setattr(visits, "list_visits", lambda db: _failing_write(db))
    assert main(["--db", str(db_path), "list"]) == 1
    err = capsys.readouterr().err
    assert "internal error: IntegrityError" in err
    assert "NOT NULL constraint failed" in err  # the reason stays
    assert MARKER not in err
    assert "Traceback" not in err
    logged = _logs(log_dir)
    assert "NOT NULL constraint failed" in logged and "INSERT INTO visits" in logged
    assert MARKER not in logged
    assert re.search(r"details in .*crash-\d{8}T\d{6}-\d+\.log", err)


def test_the_engine_hides_parameters(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(Exception) as info:
            _failing_write(db)
        assert MARKER not in str(info.value)
    finally:
        db.close()


def test_crash_log_scrubs_a_statement_error_from_any_engine(log_dir: Path,
                                                            tmp_path: Path) -> None:
    """Even an engine without hide_parameters (a future one, a script) leaks nothing."""
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (a TEXT NOT NULL, b TEXT NOT NULL)"))
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (a) VALUES (:a)"), {"a": MARKER})
    except Exception as exc:  # noqa: BLE001
        assert MARKER in str(exc)  # SQLAlchemy's own text has it
        path = crash_log.write_crash_log(exc)
        assert MARKER not in crash_log.summary(exc)
    finally:
        engine.dispose()
    logged = Path(path).read_text(encoding="utf-8")
    assert "INSERT INTO t" in logged and MARKER not in logged
    assert Path(path).stat().st_mode & 0o077 == 0  # the owner's eyes only


def test_quoted_values_in_other_errors_are_left_out(log_dir: Path) -> None:
    try:
        {}[MARKER]
    except KeyError as exc:
        assert crash_log.summary(exc) == "KeyError: '…'"
        logged = Path(crash_log.write_crash_log(exc)).read_text(encoding="utf-8")
    assert MARKER not in logged
    assert "KeyError: '…'" in logged and "test_no_values_in_errors.py" in logged


def test_one_log_per_process_bounded(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crash_log, "MAX_LOG_BYTES", 4_000)
    paths = set()
    for i in range(200):
        try:
            raise RuntimeError(f"failure number {i}")
        except RuntimeError as exc:
            paths.add(crash_log.write_crash_log(exc))
    assert len(paths) == 1
    path = Path(paths.pop())
    assert path.stat().st_size <= 4_000
    assert "the log is full" in path.read_text(encoding="utf-8")


def test_an_unwritable_log_folder_is_reported_not_raised(log_dir: Path) -> None:
    log_dir.mkdir(parents=True)
    (log_dir / "briefing-app").write_text("a file where the folder should be")
    try:
        raise RuntimeError("x")
    except RuntimeError as exc:
        assert crash_log.write_crash_log(exc) == "no log: the log folder is not writable"
