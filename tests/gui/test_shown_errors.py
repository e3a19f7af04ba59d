"""The record of shown errors stays bounded however long the app runs."""

from __future__ import annotations

from briefing_app.gui.operations.errors import ShownErrors


def test_keeps_only_the_latest_errors() -> None:
    record = ShownErrors(limit=3)
    assert not record and record.last_message("none") == "none"
    for n in range(10):
        record.append(("Cannot save this", f"error {n}"))
    assert len(record) == 3
    assert [m for _t, m in record] == ["error 7", "error 8", "error 9"]
    assert record[-1] == ("Cannot save this", "error 9")
    assert record.last_message("none") == "error 9"
    record.clear()
    assert len(record) == 0
