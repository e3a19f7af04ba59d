"""The PDF file itself: header and encryption agree, permissions, embedded fonts with
distinct subset tags, /Lang, the outline panel, metadata, and validators (qpdf,
poppler) that raise no complaint; the markings that content cannot hide."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing_app.core.database import Database
from briefing_app.core.ops import entities as ops
from briefing_app.core.pack_data import load_pack_data
from briefing_app.pdf import SECTIONS, PackOptions, build_pack
from briefing_app.pdf.fonts import FontSet
from briefing_app.pdf.options import is_restricted
from briefing_app.pdf.template import running_head

from .conftest import Sample

needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils missing")

DEPARTMENT = "Ministry of Foreign Affairs, Asia Department"


def _build(db: Database, sample: Sample, out: Path, **kw: object) -> list[str]:
    ops.update(db, "visit", sample.visit_id, {"issuing_department": DEPARTMENT})
    data = load_pack_data(db, sample.visit_id)
    return list(build_pack(data, PackOptions(**kw), out).warnings)  # type: ignore[arg-type]


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _perm(out: Path, password: str) -> dict[str, str]:
    shown = _run("qpdf", "--show-encryption", f"--password={password}", str(out)).stdout
    return dict(line.split(": ", 1) for line in shown.splitlines() if ": " in line)


@needs_qpdf
def test_encrypted_file_says_pdf_1_7_with_adobe_extension_level_8(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "enc.pdf"
    _build(db, sample, out, password="correct horse battery")
    assert out.read_bytes()[:8] == b"%PDF-1.7"
    reader = PdfReader(str(out))
    assert reader.decrypt("correct horse battery")
    enc = reader.trailer["/Encrypt"].get_object()
    assert enc["/R"] == 6 and enc["/V"] == 5
    ext = reader.trailer["/Root"]["/Extensions"]["/ADBE"]
    assert ext["/BaseVersion"] == "/1.7" and ext["/ExtensionLevel"] == 8
    check = _run("qpdf", "--check", "--password=correct horse battery", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "WARNING" not in check.stdout + check.stderr


@needs_qpdf
def test_restricted_material_may_be_printed_but_not_copied_or_changed_by_default(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    _build(db, sample, out, password="correct horse battery")  # the visit is RESTRICTED
    p = _perm(out, "correct horse battery")
    assert p["print high resolution"] == "allowed"
    assert p["extract for any purpose"] == "not allowed"
    assert p["modify anything"] == "not allowed"
    assert p["extract for accessibility"] == "allowed"  # screen readers still work


@needs_qpdf
@pytest.mark.parametrize(("marking", "permissions", "printing", "copying"), [
    ("UNCLASSIFIED", None, "allowed", "allowed"),
    ("RESTRICTED", "all", "allowed", "allowed"),
    ("UNCLASSIFIED", "view", "not allowed", "not allowed"),
])
def test_permissions_follow_the_marking_unless_chosen(
        db: Database, sample: Sample, tmp_path: Path, marking: str,
        permissions: str | None, printing: str, copying: str) -> None:
    out = tmp_path / "p.pdf"
    _build(db, sample, out, password="correct horse battery", classification=marking,
           permissions=permissions)
    p = _perm(out, "correct horse battery")
    assert p["print high resolution"] == printing
    assert p["extract for any purpose"] == copying


def test_a_short_password_is_accepted_with_a_warning(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    warnings = _build(db, sample, tmp_path / "s.pdf", password="x")
    assert any("password has 1 character" in w and "12" in w for w in warnings)
    warnings = _build(db, sample, tmp_path / "l.pdf", password="twelve chars")
    assert not any("password" in w for w in warnings)


def test_restricted_markings() -> None:
    assert is_restricted("RESTRICTED") and is_restricted("SECRET//NOFORN")
    assert not is_restricted("unclassified") and not is_restricted("For release")


@needs_poppler
def test_only_embedded_fonts_each_subset_with_its_own_tag(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    _build(db, sample, out, sections=frozenset(SECTIONS), watermark="DRAFT")
    listing = _run("pdffonts", str(out))
    assert listing.returncode == 0 and not listing.stderr
    rows = listing.stdout.splitlines()[2:]
    assert len(rows) >= 4
    names = [r.split()[0] for r in rows]
    assert all(r.split()[-5] == "yes" for r in rows), listing.stdout  # emb
    assert not any("Helvetica" in n or "Times" in n for n in names)
    tags = [n.split("+")[0] for n in names]
    assert all(re.fullmatch(r"[A-Z]{6}", t) for t in tags)
    assert len(set(tags)) == len(tags), tags


@needs_qpdf
@needs_poppler
def test_metadata_language_outline_mode_and_validators(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    _build(db, sample, out, sections=frozenset(SECTIONS), watermark="DRAFT")
    reader = PdfReader(str(out))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"
    meta = reader.metadata
    assert meta is not None
    assert meta.author == DEPARTMENT
    assert meta.subject == "RESTRICTED"
    check = _run("qpdf", "--check", str(out))
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout
    assert "WARNING" not in check.stdout + check.stderr
    for cmd in (("pdftotext", str(out), str(tmp_path / "m.txt")),
                ("pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "3", str(out),
                 str(tmp_path / "pg"))):
        done = _run(*cmd)
        assert done.returncode == 0 and done.stderr == "", done.stderr


def test_watermark_is_drawn_over_the_page_content(
        db: Database, sample: Sample, tmp_path: Path) -> None:
    """Drawn last on every page, so no shaded cell or box can cover it."""
    out = tmp_path / "w.pdf"
    _build(db, sample, out, sections=frozenset(SECTIONS), watermark="WMARKDRAFT")
    reader = PdfReader(str(out))
    for page in reader.pages:
        data = page.get_contents().get_data()  # type: ignore[union-attr]
        ops_ = [m.group(0) for m in re.finditer(rb"\bre\b|\bTj\b|\bTJ\b|\bDo\b", data)]
        assert ops_, "empty page"
        text = page.extract_text() or ""
        assert text.rstrip().endswith("WMARKDRAFT"), text[-80:]
        # nothing is filled or placed after the watermark's text
        assert data.rstrip().rfind(b"re") < data.rfind(b"Tj")


def test_running_head_uses_the_whole_line() -> None:
    fonts = FontSet()
    font = fonts["sans"]
    title = "State visit of the President of Kazakhstan to the People's Republic of China"
    left, right = running_head(fonts, title, "Copy 1 of 1 · Principal's brief", font, 7.5, 440, 12)
    assert left == title and right == "Copy 1 of 1 · Principal's brief"
    long_title = title + " and to the Republic of Uzbekistan, Turkmenistan and Mongolia " * 2
    left, right = running_head(fonts, long_title, "Copy 1 of 1 · Principal's brief", font, 7.5, 440, 12)
    assert right == "Copy 1 of 1 · Principal's brief" and left.endswith("…")
    assert fonts.width(left, font, 7.5) + fonts.width(right, font, 7.5) <= 440 - 12
    assert fonts.width(left, font, 7.5) > 440 / 2  # more than the old half line


def _pdfinfo(out: Path) -> dict[str, str]:
    shown = _run("pdfinfo", str(out))
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in shown.stdout.splitlines() if ":" in line)}


@needs_qpdf
@needs_poppler
@pytest.mark.parametrize("edition", ["principal", "delegation", "press", "pocket", "person"])
def test_every_edition_of_the_demo_names_its_department_and_embeds_every_font(
        demo_db: Database, tmp_path: Path, edition: str) -> None:
    """Author = the issuing department in every edition, the press pack's too (a
    department's name is public); only embedded fonts, each subset with its own tag;
    qpdf and poppler find nothing to complain about."""
    from briefing_app.core.ops.visits import list_visits

    visit = list_visits(demo_db)[0]
    data = load_pack_data(demo_db, visit.id)
    department = data.visit.issuing_department
    assert department  # the demo fills it
    out = tmp_path / f"{edition}.pdf"
    person = data.visit.principal_id if edition == "person" else None
    build_pack(data, PackOptions(edition=edition, person_id=person,  # type: ignore[arg-type]
                                 sections=frozenset(SECTIONS)), out)
    info = _pdfinfo(out)
    assert info["Author"] == department
    assert PdfReader(str(out)).metadata.author == department  # type: ignore[union-attr]
    assert info["Subject"] == ("PUBLIC" if edition == "press" else "RESTRICTED")
    listing = _run("pdffonts", str(out))
    assert listing.returncode == 0 and not listing.stderr
    rows = listing.stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), listing.stdout  # emb
    names = [r.split()[0] for r in rows]
    assert not any("Helvetica" in n or "Times" in n for n in names), names
    tags = [n.split("+")[0] for n in names]
    assert len(set(tags)) == len(tags), tags
    check = _run("qpdf", "--check", str(out))
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr
