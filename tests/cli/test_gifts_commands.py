"""export-gifts: the register written and said, a clear one-line refusal for a bad path,
a bad visit or a non-.xlsx name, and the database never touched."""

from __future__ import annotations

import openpyxl
import pytest

from briefing_app.cli import main
from tests.interop.helpers import db_files_hash


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_gifts_writes_the_register(capsys, demo_db_path, tmp_path) -> None:
    out_file = tmp_path / "подарки 礼品.xlsx"
    code, out, err = run(capsys, "--db", demo_db_path, "export-gifts", "China", out_file)
    assert code == 0 and err == ""
    assert f"Wrote {out_file}" in out and "4 gifts of State visit" in out
    ws = openpyxl.load_workbook(out_file).active
    descriptions = [ws.cell(r, 6).value for r in range(2, ws.max_row + 1)]
    assert any(d.startswith("Домбыра") for d in descriptions)
    assert any(d.startswith("景德镇瓷瓶") for d in descriptions)
    givers = {ws.cell(r, 4).value for r in range(2, ws.max_row + 1)}
    assert "Қасым-Жомарт Тоқаев (Kassym-Jomart Tokayev)" in givers and "习近平 (Xi Jinping)" in givers


def test_export_gifts_refuses_bad_paths_in_one_line(capsys, demo_db_path, tmp_path) -> None:
    before = db_files_hash(demo_db_path)
    code, out, err = run(capsys, "--db", demo_db_path, "export-gifts", "1",
                         tmp_path / "missing" / "gifts.xlsx")
    assert code == 1 and out == ""
    assert err == f"briefing-app: error: the folder {tmp_path / 'missing'} does not exist\n"
    code, _out, err = run(capsys, "--db", demo_db_path, "export-gifts", "1", tmp_path)
    assert code == 1 and "is a folder; give a file name" in err and err.count("\n") == 1
    code, _out, err = run(capsys, "--db", demo_db_path, "export-gifts", "1", tmp_path / "g.csv")
    assert code == 1 and "give a file name ending in .xlsx" in err
    code, _out, err = run(capsys, "--db", demo_db_path, "export-gifts", "1", demo_db_path)
    assert code == 1 and "open database" in err and "nothing was written" in err
    code, _out, err = run(capsys, "--db", demo_db_path, "export-gifts", "Atlantis",
                          tmp_path / "g.xlsx")
    assert code == 1 and "Atlantis" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:  # argparse: a usage error, one line
        main(["--db", str(demo_db_path), "export-gifts", "1"])
    assert usage.value.code == 2 and "FILE.xlsx" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*partial"))
    assert db_files_hash(demo_db_path) == before
