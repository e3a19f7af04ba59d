"""Build a briefing pack: story, one layout pass, optional encryption, atomic write."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from io import BytesIO
from pathlib import Path
from typing import Protocol

from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from briefing_app.core.atomic_file import commit, stage
from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.core.owned_files import refuse_owned_target
from briefing_app.core.pack_data import PackData
from briefing_app.pdf.editions import EditionRules, apply_edition
from briefing_app.pdf.fonts import FontSet, isolate
from briefing_app.pdf.options import (
    DEFAULT_SECTIONS,
    EDITION_TITLES,
    MIN_PASSWORD,
    Edition,
    ExportCancelled,
    PackOptions,
    PackResult,
    copy_paths,
    is_restricted,
)
from briefing_app.pdf.pack_sections import PACK_SECTIONS
from briefing_app.pdf.sections import (
    cover,
    pocket,
    press,
)
from briefing_app.pdf.story import Book
from briefing_app.pdf.styles import Geometry, Styles, geometry
from briefing_app.pdf.template import ContentsPage, Decor, PackDocTemplate

Progress = Callable[[float, str], None]


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class _Run:
    """Progress and cancellation of one export (all copies)."""

    progress: Progress | None
    cancel: CancelFlag | None
    copies: int
    copy_index: int = 0

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled()

    def report(self, within_copy: float, message: str) -> None:
        self.check()
        if self.progress is not None:
            frac = (self.copy_index + min(max(within_copy, 0.0), 1.0)) / self.copies
            self.progress(frac, message if self.copies == 1 else
                          f"copy {self.copy_index + 1} of {self.copies}: {message}")


def build_pack(data: PackData, options: PackOptions, out_path: Path | str,
               progress: Progress | None = None, cancel: CancelFlag | None = None) -> PackResult:
    """Write the pack (one file per copy) atomically; see briefing_app.pdf for the contract."""
    out = _check_out(Path(out_path))
    run = _Run(progress, cancel, options.copies)
    run.report(0.0, "preparing fonts")
    fonts = FontSet(options.font_files)
    pack, rules = apply_edition(data, options)
    # the press pack's visit carries its own marking already (never the visit's)
    classification = (options.classification if options.classification is not None
                      else pack.visit.classification) or "UNCLASSIFIED"
    geo = geometry(options.paper, options.edition is Edition.POCKET)
    styles = Styles(fonts, geo.scale)
    paths = copy_paths(out, options.copies)
    for path in paths:  # never over the database the data came from, nor its files
        refuse_owned_target(path, data.source)
    temps: list[Path] = []
    pages = 0
    extra_warnings: list[str] = []
    permissions = options.permissions or ("print" if is_restricted(classification) else "all")
    # from the edition's visit: the press pack's has no distribution list (an internal
    # field), so its copies name no recipient; every edition's Author is the issuing
    # department (public, the press pack's too)
    recipients = distribution(pack.visit.distribution)
    if options.edition is Edition.PERSON and options.person_id in pack.people_by_id:
        # a personal itinerary is its reader's own: every copy is theirs, whatever the
        # book's distribution list says (line 1 is the principal's book)
        reader = pack.people_by_id[options.person_id].display_name
        recipients = [reader] * options.copies
    try:
        for i, path in enumerate(paths):
            run.copy_index = i
            decor = Decor(classification=classification, visit_title=data.visit.title,
                          copy_label=f"Copy {i + 1} of {options.copies}",
                          recipient=recipients[i] if i < len(recipients) else "",
                          author=pack.visit.issuing_department,
                          edition_label=EDITION_TITLES[options.edition],
                          issued_label=f"Issued {data.issued:%d %B %Y}" + (
                              f" · as at {pack.visit.as_at}" if pack.visit.as_at else ""),
                          watermark=options.watermark.strip())
            pdf, pages, warnings = _render(pack, rules, fonts, styles, geo, decor, run)
            if i == 0:  # every copy has the same text: report its problems once
                extra_warnings = fonts.warnings() + warnings
            if options.password:
                run.report(0.96, "encrypting")
                pdf = encrypt(pdf, options.password, permissions)
            run.report(0.98, "writing")
            # Classified packs: readable by their owner only.
            temps.append(stage(path, pdf, mode=0o600))
        run.check()
        staged, temps = list(zip(temps, paths, strict=True)), []
        commit(staged)
    except LayoutError as exc:
        raise BriefingError(f"the pack could not be laid out: {exc}") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    if progress is not None:
        progress(1.0, "done")
    stale = [f for f in pack.facts if f.id in pack.stale_fact_ids]
    warnings = list(extra_warnings)
    dropped = sorted(set(options.sections) - rules.sections - {"contents"})
    if options.edition in (Edition.PRINCIPAL, Edition.DELEGATION):
        if dropped:  # the passport list and the badges are the delegation's alone
            warnings.append(f"left out of the {options.edition.value}'s book, which may not "
                            f"print them: {', '.join(dropped)} (only the delegation's may)")
    elif dropped and options.sections != DEFAULT_SECTIONS:  # asked for by name
        warnings.append(f"left out of the {options.edition.value} edition, which does not "
                        f"print them: {', '.join(dropped)}")
    if options.password and len(options.password) < MIN_PASSWORD:
        warnings.append(f"the password has {len(options.password)} character(s); use at least "
                        f"{MIN_PASSWORD} — a short password can be guessed offline in minutes")
    if stale and rules.edition not in (Edition.PERSON, Edition.POCKET):
        names = "; ".join(_clip(f.statement, 60) for f in stale[:5]) + (
            "; …" if len(stale) > 5 else "")
        warnings.append(f"{len(stale)} fact(s) are stale (marked in the pack): {names}")
    copy_recipients = tuple(recipients[i] if i < len(recipients) else ""
                            for i in range(options.copies))
    return PackResult(tuple(paths), pages, tuple(warnings), copy_recipients, classification)


def _check_out(out: Path) -> Path:
    out = out.expanduser()
    if out.is_dir():
        raise ValidationError("out", f"{out} is a folder; give a file name such as pack.pdf")
    if not out.parent.is_dir():
        raise ValidationError("out", f"the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK):
        raise ValidationError("out", f"the folder {out.parent} is not writable")
    return out


def section_builders() -> list[tuple[str, Callable[[Book], list[Flowable]]]]:
    """Each section's builders in book order, as declared in pdf/pack_sections.py."""
    out = []
    for section in PACK_SECTIONS:
        for ref in section.builders:
            module, name = ref.split(".")
            found = import_module(f"briefing_app.pdf.sections.{module}")
            out.append((section.name, getattr(found, name)))
    return out


def story(book: Book, decor: Decor) -> list[Flowable]:
    """The whole book in order; the contents are made last (their size is then known)."""
    rules = book.rules
    body: list[Flowable] = []
    if rules.edition is Edition.POCKET:
        return pocket.pocket_cover(book, decor.copy_line) + pocket.pocket_cards(book)
    wanted = rules.sections
    if rules.edition is Edition.PRESS:
        body = press.press_story(book)
        head = cover.cover(book, decor.copy_line)
        if "contents" in wanted and book.toc:
            head += contents(book)
        return head + body
    for name, make in section_builders():
        if name in wanted:
            book.check()
            body += make(book)
    head = cover.cover(book, decor.copy_line)
    # A person's itinerary is a few pages: a contents page listing its three
    # headings would only be in the way (the outline still has them).
    if "contents" in wanted and book.toc and rules.edition is not Edition.PERSON:
        head += contents(book)
    return head + body


def contents(book: Book) -> list[Flowable]:
    out: list[Flowable] = []
    entries, first = list(book.toc), True
    h = book.geo.frame_height
    while entries:
        n = ContentsPage.rows_per_page(h, first, book.geo.scale)
        out += [ContentsPage(entries[:n], book.fonts, first, book.geo.scale), PageBreak()]
        entries, first = entries[n:], False
    return out


def _render(pack: PackData, rules: EditionRules, fonts: FontSet, styles: Styles, geo: Geometry,
            decor: Decor, run: _Run) -> tuple[bytes, int, list[str]]:
    """One copy: build the story, lay it out once, define the number forms, save."""
    run.report(0.0, "composing")
    book = Book(pack, rules, fonts, styles, geo, run.check)
    flowables = story(book, decor)
    total = max(1, len(flowables))
    buf = BytesIO()

    def on_flowable(done: int) -> None:
        if done % 20 == 0:
            run.report(0.1 + 0.8 * done / total, "laying out pages")

    # Metadata: Author is the issuing department, Subject the marking (what a
    # registry files a document under); /Lang for screen readers and search.
    doc = PackDocTemplate(buf, geo, fonts, decor, on_flowable,
                          title=isolate(pack.visit.title), subject=decor.classification,
                          author=isolate(decor.author), keywords=decor.edition_label,
                          creator="Briefing App", lang="en")
    run.report(0.1, "laying out pages")
    pages = doc.lay_out(flowables, [e.key for e in book.toc], book.refs,
                        before_numbering=lambda: run.report(0.92, "numbering pages"))
    return buf.getvalue(), pages, list(book.warnings)


def distribution(text: str) -> list[str]:
    """The distribution list, one recipient a line; line N receives copy N."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def permission_flags(permissions: str) -> int:
    """The /P value for "print", "all" or "view" (PDF 2.0, Table 22).

    Bits 7-8 and 13-32 are reserved and must be 1; bit 10 (extraction for
    accessibility) stays on so screen readers can read even a print-only pack.
    """
    from pypdf.constants import UserAccessPermissions as U

    reserved = U.R7 | U.R8
    for bit in range(13, 33):
        reserved |= U[f"R{bit}"]
    allowed = {
        "all": U.PRINT | U.MODIFY | U.EXTRACT | U.ADD_OR_MODIFY | U.FILL_FORM_FIELDS
        | U.EXTRACT_TEXT_AND_GRAPHICS | U.ASSEMBLE_DOC | U.PRINT_TO_REPRESENTATION,
        "print": U.PRINT | U.PRINT_TO_REPRESENTATION | U.EXTRACT_TEXT_AND_GRAPHICS,
        "view": U.EXTRACT_TEXT_AND_GRAPHICS,
    }[permissions]
    return int(reserved | allowed)


def encrypt(pdf: bytes, password: str, permissions: str = "print") -> bytes:
    """AES-256 with the user's password and a random owner password nobody keeps.

    ReportLab's own AES-256 needs the pure-Python pyaes (about 8 s per MiB here), so
    pypdf re-writes the finished file with the `cryptography` package instead. AES-256
    (security handler revision 6) is PDF 2.0 or PDF 1.7 with Adobe's extension level
    8; the file says %PDF-1.7 and carries that extension, which every reader that can
    open R6 understands (a bare %PDF-1.3 header promises an older handler).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(32),
                   permissions_flag=permission_flags(permissions),  # type: ignore[arg-type]
                   algorithm="AES-256")
    writer.pdf_header = b"%PDF-1.7"
    writer._root_object[NameObject("/Extensions")] = DictionaryObject({
        NameObject("/ADBE"): DictionaryObject({
            NameObject("/BaseVersion"): NameObject("/1.7"),
            NameObject("/ExtensionLevel"): NumberObject(8)})})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary near `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "…"
