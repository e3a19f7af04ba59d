"""What the seating plan's own prints share (place cards, the table plan poster): a
canvas in memory, the fonts' warnings, and the atomic write of the finished file, so
an error part-way leaves no half-written PDF under the target's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from briefing_app.core.ops.seating import PlanData
from briefing_app.pdf.fonts import FontSet


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int
    warnings: tuple[str, ...]


def render(plan: PlanData, pagesize: tuple[float, float], title: str, fonts: FontSet,
           draw: Callable[[Canvas], int]) -> tuple[bytes, int]:
    """The PDF `draw` makes on a fresh canvas (it returns its page count)."""
    buf = BytesIO()
    canv = Canvas(buf, pagesize=pagesize, pageCompression=1)
    canv.setTitle(title)
    canv.setAuthor("Briefing App")
    canv.setSubject(plan.event.title)
    pages = draw(canv)
    canv.save()
    return buf.getvalue(), pages


def write(path: Path | str, data: bytes, pages: int, fonts: FontSet,
          database: Path | None) -> PrintResult:
    """Stage the file beside its target and rename it over the target in one step;
    never over the database the plan came from or its own files."""
    from briefing_app.core.atomic_file import write_atomically

    target = write_atomically(path, data, database)
    return PrintResult(target, pages, tuple(fonts.warnings()))
