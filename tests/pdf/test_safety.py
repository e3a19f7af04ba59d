"""Hostile and extreme input prints literally and exports; writes are atomic; cancel works."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from briefing_app.core.database import Database
from briefing_app.core.ops import agreements as ag
from briefing_app.core.ops import entities as ops
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import SECTIONS, ExportCancelled, PackOptions, build_pack

from .conftest import Sample, flat, pdf_text

ALL = frozenset(SECTIONS)


def cve_payload(marker: Path) -> str:
    return ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch "
            f"{marker}') for Word in [ orgTypeFun( 'Word', (str,), {{ 'mutated': 1, "
            "'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutate() and "
            "self.mutated < 0 and str(self) == x, 'mutate': lambda self: { setattr(self, "
            "'mutated', self.mutated - 1) }, '__hash__': lambda self: hash(str(self)), }, ) ] ] "
            "for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font></para>")


HOSTILE = ["a < b & c > d", "<b>not bold", "<font size=30>big</font>",
           '<img src="/etc/passwd"/>', '<a href="http://127.0.0.1:9/x">link</a>', "&amp; &#60;",
           "</para><para>", "<br/>"]


def test_hostile_strings_print_literally_and_run_nothing(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    marker = tmp_path / "exploited"
    payload = cve_payload(marker)
    vid = sample.visit_id
    for i, s in enumerate(HOSTILE):
        ops.create(db, "person", vid, {"native_name": s[:300], "biography": s})
        ops.create(db, "fact", vid, {"statement": f"fact {i} {s}", "source": s})
    ops.update(db, "event", sample.talks, {"background": payload, "title": HOSTILE[2]})
    ops.create(db, "person", vid, {"native_name": "CVE", "biography": payload})
    ops.update(db, "visit", vid, {"title": "<b>Visit & co</b>", "classification": "<i>R&D</i>"})
    data = load_pack_data(db, vid)
    out = tmp_path / "hostile.pdf"
    build_pack(data, PackOptions(sections=ALL, watermark="<DRAFT&>"), out)
    text = flat(pdf_text(out))
    for s in HOSTILE:
        assert s in text, s
    assert "getattr(pow, Word('__globals__'))" in text and "</font></para>" in text
    assert "<b>Visit & co</b>" in text and "<i>R&D</i>" in text
    assert not marker.exists()


def test_extremes_export_without_error(db: Database, sample: Sample, tmp_path: Path) -> None:
    vid = sample.visit_id
    word = "Ж" * 10_000 + "x" * 10_000
    ops.update(db, "person", sample.xi, {"biography": word})
    five_pages = "\n\n".join(f"Paragraph {i}. " + "The partnership deepens. " * 40 for i in range(30))
    ops.update(db, "event", sample.talks, {"background": five_pages,
                                           "protocol_notes": "Row taller than a page. " * 1500})
    a = ops.create(db, "agreement", vid, {"title": "Agreement without text"}).id
    ag.add_version(db, a, "")
    data = load_pack_data(db, vid)
    result = build_pack(data, PackOptions(sections=ALL), tmp_path / "big.pdf")
    assert result.pages > 10
    text = flat(pdf_text(result.paths[0]))
    assert "Paragraph 29." in text and "Agreement without text" in text
    assert text.count("Row taller than a page.") > 1000


def test_visit_with_no_events_or_anything(db: Database, tmp_path: Path) -> None:
    v = ops.create(db, "visit", None, {"title": "Empty", "visit_type": "working visit",
                                       "start_date": "2030-01-01", "end_date": "2030-01-01",
                                       "home_tz": "Europe/London"})
    data = load_pack_data(db, v.id)
    for edition in ("principal", "press", "pocket"):
        result = build_pack(data, PackOptions(edition=edition, sections=ALL),
                            tmp_path / f"{edition}.pdf")
        assert result.pages >= 1
    assert "No events have been scheduled yet." in flat(pdf_text(tmp_path / "principal.pdf"))


def test_missing_glyphs_are_named_and_printed_visibly(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    ops.create(db, "person", sample.visit_id, {"native_name": "Scribe 𓀀𓀁", "biography": "ok"})
    data = load_pack_data(db, sample.visit_id)
    result = build_pack(data, PackOptions(), tmp_path / "m.pdf")
    assert any("U+13000" in w and "EGYPTIAN HIEROGLYPH" in w for w in result.warnings)
    assert "[U+13000][U+13001]" in flat(pdf_text(result.paths[0]))


def test_cancel_leaves_no_file_and_the_previous_one_intact(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "pack.pdf"
    out.write_bytes(b"previous pack")
    data = load_pack_data(db, sample.visit_id)
    cancel = threading.Event()
    seen: list[float] = []

    def progress(fraction: float, message: str) -> None:
        seen.append(fraction)
        if fraction > 0.3:
            cancel.set()

    with pytest.raises(ExportCancelled):
        build_pack(data, PackOptions(sections=ALL, copies=2), out, progress=progress, cancel=cancel)
    assert out.read_bytes() == b"previous pack"
    assert sorted(p.name for p in out.parent.iterdir()) == ["pack.pdf"]


def test_failure_mid_write_leaves_the_previous_file(
        db: Database, sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing_app.pdf import builder

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "pack.pdf"
    out.write_bytes(b"previous pack")
    data = load_pack_data(db, sample.visit_id)

    def broken(pdf: bytes, password: str, permissions: str = "print") -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "encrypt", broken)
    with pytest.raises(OSError):
        build_pack(data, PackOptions(password="x", copies=2), out)
    assert out.read_bytes() == b"previous pack"
    assert sorted(p.name for p in out.parent.iterdir()) == ["pack.pdf"]


def test_progress_rises_to_one_with_messages(db: Database, sample: Sample, tmp_path: Path) -> None:
    data = load_pack_data(db, sample.visit_id)
    seen: list[tuple[float, str]] = []
    build_pack(data, PackOptions(copies=2), tmp_path / "p.pdf",
               progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and 0 <= fractions[0] < 0.1
    assert any("copy 2 of 2" in m for _, m in seen)


def test_bad_output_paths_are_refused_clearly(db: Database, sample: Sample, tmp_path: Path) -> None:
    from briefing_app.core.errors import ValidationError

    data = load_pack_data(db, sample.visit_id)
    with pytest.raises(ValidationError, match="does not exist"):
        build_pack(data, PackOptions(), tmp_path / "nope" / "p.pdf")
    with pytest.raises(ValidationError, match="is a folder"):
        build_pack(data, PackOptions(), tmp_path)


def test_photos_print_and_a_broken_photo_is_reported(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    from io import BytesIO

    from PIL import Image
    from pypdf import PdfReader

    buf = BytesIO()
    Image.new("RGB", (60, 80), (120, 30, 40)).save(buf, "PNG")
    ops.update(db, "person", sample.tokayev, {"photo": buf.getvalue(), "photo_mime": "image/png"})
    ops.update(db, "person", sample.xi, {"photo": b"\x89PNG not really", "photo_mime": "image/png"})
    data = load_pack_data(db, sample.visit_id)
    result = build_pack(data, PackOptions(), tmp_path / "photo.pdf")
    assert any("photo of 习近平" in w for w in result.warnings)
    images = sum(len(p.images) for p in PdfReader(str(result.paths[0])).pages)
    assert images == 1
