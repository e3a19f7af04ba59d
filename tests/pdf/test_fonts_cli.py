"""Font runs and escaping; the export command."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.core.database import Database
from briefing_app.core.errors import ValidationError
from briefing_app.pdf.fonts import FontSet, escape

from .conftest import Sample, flat, pdf_text

pytestmark = pytest.mark.sqlite_only(reason="the export command run on database files")


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return FontSet()


def test_shipped_fonts_are_found_and_embeddable(fonts: FontSet) -> None:
    used = fonts.describe()
    assert used["serif"].endswith("DejaVuSerif.ttf")
    assert used["cjk"].endswith("wqy-microhei.ttc")


def test_mixed_text_is_split_into_runs_by_coverage(fonts: FontSet) -> None:
    serif, cjk = fonts["serif"], fonts["cjk"]
    runs = fonts.runs("Тоқаев met 习近平 in 北京.", serif)
    assert runs == [(None, "Тоқаев met "), (cjk, "习近平"), (None, " in "), (cjk, "北京"), (None, ".")]
    assert fonts.runs("plain ascii", serif) == [(None, "plain ascii")]


def test_markup_escapes_everything_the_user_typed(fonts: FontSet) -> None:
    m = fonts.markup('<b>x</b> & <font size=30> "q"\nnext', fonts["serif"])
    assert m == '&lt;b&gt;x&lt;/b&gt; &amp; &lt;font size=30&gt; "q"<br/>next'
    assert escape("&lt;") == "&amp;lt;"


def test_missing_characters_are_counted_and_marked(fonts: FontSet) -> None:
    fs = FontSet()
    m = fs.markup("a𓀀b", fs["serif"])
    assert "[U+13000]" in m and fs.missing["𓀀"] == 1
    assert "EGYPTIAN HIEROGLYPH A001" in fs.warnings()[0]


def test_a_font_option_must_be_an_embeddable_truetype_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        FontSet((tmp_path / "none.ttf",))
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all" * 10)
    with pytest.raises(ValidationError, match="not a TrueType font"):
        FontSet((bad,))


def test_fit_shortens_with_an_ellipsis(fonts: FontSet) -> None:
    s = fonts.fit("word " * 100, fonts["sans"], 8, 100)
    assert s.endswith("…") and fonts.width(s, fonts["sans"], 8) <= 100


def test_cli_export_writes_the_pack_and_warns_on_stderr(
        db: Database, sample: Sample, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.pdf"
    pw = tmp_path / "pw.txt"
    pw.write_text("s3cret\n", encoding="utf-8")
    code = main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--edition", "delegation", "--classification", "SECRET", "--watermark", "DRAFT",
                 "--paper", "letter", "--copies", "1", "--password-file", str(pw)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Wrote" in captured.out and "pages" in captured.out
    assert "warning:" in captured.err and "stale" in captured.err
    assert "SECRET" in flat(pdf_text(out, password="s3cret"))


def test_cli_export_person_edition_and_errors(
        db: Database, sample: Sample, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.pdf"
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--edition", "person", "--person", str(sample.xi)]) == 0
    assert "State banquet" in flat(pdf_text(out))
    capsys.readouterr()
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--edition", "person"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--person" in err
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out",
                 str(tmp_path / "no" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--sections", "programme,gossip"]) == 1
    assert "gossip" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--password-file", str(empty)]) == 1
    assert "empty" in capsys.readouterr().err


def test_windows_style_font_names_are_found_when_nothing_is_shipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.pdf import fonts as F

    system = tmp_path / "Fonts"
    system.mkdir()
    fonts_dir = F.resources_dir() / "fonts"
    (system / "arial.ttf").write_bytes((fonts_dir / "DejaVuSans.ttf").read_bytes())
    (system / "msyh.ttc").write_bytes((fonts_dir / "wqy-microhei.ttc").read_bytes())
    monkeypatch.setattr(F, "resources_dir", lambda: tmp_path / "nothing")
    monkeypatch.setattr(F, "system_font_dirs", lambda: [system])
    monkeypatch.setattr(F, "_index", None)
    fs = F.FontSet()
    used = fs.describe()
    assert used["sans"].endswith("arial.ttf") and used["serif"].endswith("arial.ttf")
    assert used["cjk"].endswith("msyh.ttc")
    assert fs.runs("Тоқаев 习近平", fs["serif"])[1] == (fs["cjk"], "习近平")


def test_without_any_truetype_font_nothing_fails_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.pdf import fonts as F

    monkeypatch.setattr(F, "resources_dir", lambda: tmp_path / "nothing")
    monkeypatch.setattr(F, "system_font_dirs", lambda: [])
    monkeypatch.setattr(F, "_index", None)
    fs = F.FontSet()
    assert fs["serif"] == "Times-Roman"
    assert fs.markup("Café Тоқаев", fs["serif"]).startswith("Café ")
    assert "U+0422 CYRILLIC CAPITAL LETTER TE" in fs.warnings()[0]


def test_cli_permissions_need_a_password_and_are_applied(
        db: Database, sample: Sample, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    out = tmp_path / "perm.pdf"
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--permissions", "all"]) == 1
    assert "--password-file" in capsys.readouterr().err
    pw = tmp_path / "pw.txt"
    pw.write_text("short\n", encoding="utf-8")
    assert main(["--db", str(db_path), "export", str(sample.visit_id), "--out", str(out),
                 "--password-file", str(pw), "--permissions", "view"]) == 0
    assert "password has 5 character(s)" in capsys.readouterr().err
    reader = PdfReader(str(out))
    assert reader.decrypt("short")
    p = int(reader.trailer["/Encrypt"].get_object()["/P"]) & 0xFFFFFFFF
    assert not p & 4 and not p & 16 and p & 512  # no print, no copy; accessibility kept
