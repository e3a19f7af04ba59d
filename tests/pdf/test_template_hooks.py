"""The one-pass template works through public ReportLab API only: anchors report to the
pack's canvas (also from inside a table, where the pocket card puts them), and the page-number forms are
defined in the canvas's save. If ReportLab stopped calling `beforeDocument` or
`Canvas.save` as it does, these fail — not a silent book without page numbers."""

from __future__ import annotations

import ast
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Table

from briefing_app.pdf.fonts import FontSet
from briefing_app.pdf.styles import Styles, geometry
from briefing_app.pdf.template import Anchor, Decor, PackDocTemplate

TEMPLATE = Path(__file__).resolve().parents[2] / "briefing_app" / "pdf" / "template.py"


def _doc(buf: BytesIO) -> PackDocTemplate:
    decor = Decor(classification="RESTRICTED", visit_title="Визит Тоқаева · 习近平",
                  copy_label="Copy 1 of 1", edition_label="Principal's book",
                  issued_label="Issued 10 September 2019", watermark="", author="MFA")
    return PackDocTemplate(buf, geometry("a4", pocket=False), FontSet(), decor, lambda _n: None)


def test_anchors_nested_in_tables_are_placed_and_forms_defined_at_save() -> None:
    buf = BytesIO()
    doc = _doc(buf)
    styles = Styles(doc.fonts)
    numbering: list[int] = []
    flowables = [
        NextPageTemplate("body"), PageBreak(),  # a blank cover, then body pages (with footers)
        Anchor("top", "Тоқаев", 0), Paragraph("First page", styles.body), PageBreak(),
        Table([[[Anchor("in-table", "习近平 in a table", 1), Paragraph("cell", styles.body)]]]),
        PageBreak(),
        Table([[Paragraph("outer", styles.body),
                Table([[[Anchor("in-frame", "Nested table", 1), Paragraph("inner", styles.body)]]])]]),
    ]
    pages = doc.lay_out(flowables, ["top", "in-table"], {"in-frame", "nowhere"},
                        before_numbering=lambda: numbering.append(doc.canv.getPageNumber()))
    assert pages == 4 and numbering == [5]  # called once, after the last page ended
    assert doc.key_pages == {"top": 2, "in-table": 3, "in-frame": 4}
    reader = PdfReader(BytesIO(buf.getvalue()))
    assert len(reader.pages) == 4
    assert [o.title for o in reader.outline if not isinstance(o, list)][0] == "Тоқаев"
    assert "Page 4 of \n4\n" in reader.pages[3].extract_text()  # "4": the total's form


def test_a_plain_canvas_is_left_alone() -> None:
    """Anchors drawn on any other canvas only bookmark (no template to report to)."""
    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(BytesIO())
    anchor = Anchor("k", "t", 0)
    anchor.canv = canv
    anchor.draw()  # no error, nothing reported
    canv.save()


def test_the_template_uses_no_private_reportlab_attributes() -> None:
    tree = ast.parse(TEMPLATE.read_text(encoding="utf-8"))
    private = sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                      and n.attr in {"_doctemplate", "_doSave"}}
                     | {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                        and n.value in {"_doctemplate", "_doSave"}})
    assert private == []
