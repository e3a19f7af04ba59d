"""What a caller asks of a pack (options) and what it gets back (result).

Kept free of ReportLab so the GUI and CLI can build and validate options cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.pdf.pack_sections import PACK_SECTIONS


class Edition(StrEnum):
    PRINCIPAL = "principal"
    DELEGATION = "delegation"
    PRESS = "press"
    POCKET = "pocket"
    PERSON = "person"


EDITION_TITLES: dict[Edition, str] = {
    Edition.PRINCIPAL: "Principal's brief",
    Edition.DELEGATION: "Delegation brief",
    Edition.PRESS: "Press pack",
    Edition.POCKET: "Pocket programme",
    Edition.PERSON: "Personal itinerary",
}

# Sections in book order, from their declarations (pdf/pack_sections.py).
SECTIONS: tuple[str, ...] = tuple(s.name for s in PACK_SECTIONS)
DEFAULT_SECTIONS: frozenset[str] = frozenset(s.name for s in PACK_SECTIONS if s.default)

PAPERS: tuple[str, ...] = ("a4", "letter")
MAX_COPIES = 200
MAX_PASSWORD_BYTES = 127  # PDF 2.0 (AES-256) uses the first 127 bytes of a password

# What the reader of an encrypted pack may do (chosen with its password):
#   print - print it, nothing else: no copying text out, no changes (default for
#           restricted material)
#   all   - everything (the default for public markings)
#   view  - read on screen only: no printing, copying or changes
PERMISSIONS: tuple[str, ...] = ("print", "all", "view")
# Markings that are not restricted material; any other marking is.
PUBLIC_MARKINGS = frozenset({"", "UNCLASSIFIED", "PUBLIC", "OFFICIAL", "FOR RELEASE",
                             "NOT PROTECTIVELY MARKED"})
MIN_PASSWORD = 12  # shorter passwords are accepted with a warning


def is_restricted(marking: str) -> bool:
    """Whether a classification marks restricted material (permissions default)."""
    return " ".join(marking.upper().split()) not in PUBLIC_MARKINGS


class ExportCancelled(BriefingError):
    """The user cancelled the export; no file was written or replaced."""

    def __init__(self) -> None:
        super().__init__("export cancelled; no file was written")


@dataclass(frozen=True)
class PackOptions:
    """How to print one pack. Defaults give the principal's A4 book, one copy."""

    edition: Edition = Edition.PRINCIPAL
    person_id: int | None = None  # required for the person edition
    paper: str = "a4"  # ignored by the pocket edition, which is A6
    classification: str | None = None  # None: the visit's own classification
    copies: int = 1
    watermark: str = ""
    sections: frozenset[str] = DEFAULT_SECTIONS
    password: str = ""  # non-empty: AES-256 encryption with a random owner password
    permissions: str | None = None  # one of PERMISSIONS; None: by the marking (is_restricted)
    font_files: tuple[Path, ...] = ()  # extra TrueType fonts tried before the built-in ones
    # Leave out every item not yet cleared (draft talking points, press lines, press Q&A)
    # instead of printing it marked "DRAFT — not cleared". The press pack and the pocket
    # card never carry drafts.
    approved_only: bool = False

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "edition", Edition(self.edition))
        except ValueError:
            allowed = ", ".join(e.value for e in Edition)
            raise ValidationError("edition", f"{self.edition!r} is not one of: {allowed}") from None
        if self.edition is Edition.PERSON and self.person_id is None:
            raise ValidationError("person", "the person edition needs a person (--person ID)")
        paper = str(self.paper).lower()
        if paper not in PAPERS:
            raise ValidationError("paper", f"{self.paper!r} is not one of: {', '.join(PAPERS)}")
        object.__setattr__(self, "paper", paper)
        if isinstance(self.copies, bool) or not isinstance(self.copies, int) or not (
                1 <= self.copies <= MAX_COPIES):
            raise ValidationError("copies", f"must be a whole number from 1 to {MAX_COPIES}")
        if not self.sections:
            raise ValidationError("sections", f"choose at least one of: {', '.join(SECTIONS)}")
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ValidationError("sections", f"unknown section(s) {', '.join(sorted(unknown))}; "
                                  f"known: {', '.join(SECTIONS)}")
        object.__setattr__(self, "sections", frozenset(self.sections))
        for name, value, limit in (("classification", self.classification or "", 100),
                                   ("watermark", self.watermark, 40)):
            if len(value) > limit or any(ord(c) < 32 for c in value):
                raise ValidationError(name, f"must be one line of at most {limit} characters")
        if "\x00" in self.password:
            raise ValidationError("password", "must not contain a NUL character")
        size = len(self.password.encode("utf-8", "surrogatepass"))
        if size > MAX_PASSWORD_BYTES:  # AES-256 (PDF 2.0) would silently drop the rest
            raise ValidationError("password", f"is too long ({size:,} bytes in UTF-8; PDF "
                                  f"encryption uses at most {MAX_PASSWORD_BYTES})")
        if self.permissions is not None and self.permissions not in PERMISSIONS:
            raise ValidationError("permissions", f"{self.permissions!r} is not one of: "
                                  f"{', '.join(PERMISSIONS)}")
        object.__setattr__(self, "font_files", tuple(Path(p) for p in self.font_files))
        object.__setattr__(self, "approved_only", bool(self.approved_only))


@dataclass(frozen=True)
class PackResult:
    """What was written: one path per copy, the page count of each, and warnings
    (missing glyphs, stale facts) to show the user."""

    paths: tuple[Path, ...]
    pages: int
    warnings: tuple[str, ...] = field(default=())
    # The recipient of each copy ("" where the list names none) and the marking printed:
    # what a team server's audit records of the export (core/server_audit.py).
    recipients: tuple[str, ...] = field(default=())
    classification: str = ""

    @property
    def path(self) -> Path:
        return self.paths[0]


def copy_paths(out: Path, copies: int) -> list[Path]:
    """One file per copy: the name given for a single copy, else NAME-copy-03-of-12.pdf."""
    if copies == 1:
        return [out]
    width = len(str(copies))
    return [out.with_name(f"{out.stem}-copy-{i:0{width}d}-of-{copies}{out.suffix or '.pdf'}")
            for i in range(1, copies + 1)]
