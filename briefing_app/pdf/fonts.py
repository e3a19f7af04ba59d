"""Fonts: find TrueType files on any platform, register them, split text into runs.

ReportLab embeds only TrueType-outline fonts and has no per-character fallback, so
every piece of user text goes through `FontSet.markup` (for Paragraphs) or
`FontSet.draw` (for the canvas): the text is escaped and cut into runs, each set in
the first font of the chain that has its glyphs. Characters no font has are printed
as a visible "[U+hex code]" and reported by `FontSet.warnings()` — never a silent box.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import stat
import sys
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, makeToUnicodeCMap

from briefing_app.core.bounded_read import read_bounded
from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.core.paths import resources_dir

# Candidate files per role, best first: shipped/Linux names, then Windows, then macOS.
ROLE_FILES: dict[str, tuple[str, ...]] = {
    "serif": ("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf", "times.ttf",
              "Times New Roman.ttf", "arial.ttf", "Arial.ttf"),
    "serif-bold": ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf", "timesbd.ttf",
                   "Times New Roman Bold.ttf", "arialbd.ttf", "Arial Bold.ttf"),
    "serif-italic": ("DejaVuSerif-Italic.ttf", "LiberationSerif-Italic.ttf", "timesi.ttf",
                     "Times New Roman Italic.ttf", "ariali.ttf", "Arial Italic.ttf"),
    "sans": ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf", "Arial.ttf"),
    "sans-bold": ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf",
                  "Arial Bold.ttf"),
    # Chinese (and more): TrueType outlines only; OpenType/CFF CJK fonts cannot embed.
    "cjk": ("wqy-microhei.ttc", "DroidSansFallbackFull.ttf", "DroidSansFallback.ttf",
            "msyh.ttc", "simsun.ttc", "simhei.ttf", "Arial Unicode.ttf", "STHeiti Light.ttc"),
}
# A role without any file borrows another role's font before giving up.
ROLE_FALLBACK: dict[str, tuple[str, ...]] = {
    "serif": ("sans", "cjk"), "serif-bold": ("sans-bold", "serif", "sans", "cjk"),
    "serif-italic": ("serif", "sans", "cjk"), "sans": ("serif", "cjk"),
    "sans-bold": ("serif-bold", "sans", "serif", "cjk"), "cjk": (),
}
BUILTIN: dict[str, str] = {  # last resort: Latin-1 only, but honest about it
    "serif": "Times-Roman", "serif-bold": "Times-Bold", "serif-italic": "Times-Italic",
    "sans": "Helvetica", "sans-bold": "Helvetica-Bold", "cjk": "Helvetica",
}
FONT_PATH_ENV = "BRIEFING_APP_FONTS"  # extra font files, separated by os.pathsep

_lock = threading.Lock()
_registered: dict[tuple[Path, int, int], tuple[str, frozenset[int]]] = {}
MAX_FONT_BYTES = 64 * 1024 * 1024  # CJK TrueType fonts run to ~25 MB; ReportLab reads it all
_index: dict[str, Path] | None = None


def system_font_dirs() -> list[Path]:
    """Where this platform keeps fonts (Linux, Windows, macOS)."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_dirs = os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share").split(":")
    return [home / ".local" / "share" / "fonts", home / ".fonts",
            *(Path(d) / "fonts" for d in data_dirs if d)]


def _font_index() -> dict[str, Path]:
    """File name (lower case) -> path, shipped fonts first, built once per process."""
    global _index
    if _index is None:
        index: dict[str, Path] = {}
        for folder in [resources_dir() / "fonts", *system_font_dirs()]:
            if not folder.is_dir():
                continue
            for root, _dirs, files in os.walk(folder):
                for name in files:
                    if name.lower().endswith((".ttf", ".ttc")):
                        index.setdefault(name.lower(), Path(root) / name)
        _index = index
    return _index


def subset_tag(seed: str, taken: set[str]) -> str:
    """Six capital letters naming one font subset, unique within a document.

    PDF readers and preflight tools take "AAAAAA+DejaVuSans" and "AAAAAA+DejaVuSerif"
    as the same subset tag; ReportLab numbers every font's subsets from AAAAAA. The tag
    is derived from the subset's content (stable across runs) and bumped on a clash.
    """
    n = int.from_bytes(hashlib.sha256(seed.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    while True:
        tag = "".join(chr(65 + (n // 26 ** i) % 26) for i in range(6))
        if tag not in taken:
            taken.add(tag)
            return tag
        n += 1


class PackTTFont(TTFont):
    """A TrueType font whose embedded subsets get distinct tags (see `subset_tag`)."""

    def addObjects(self, doc: object) -> None:  # noqa: N802 - ReportLab's name
        """As TTFont.addObjects, with a distinct subset tag for every subset."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        taken: set[str] = doc.__dict__.setdefault("_ba_subset_tags", set())  # type: ignore[attr-defined]
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            tag = subset_tag(f"{self.face.name!r}/{n}/{subset!r}", taken)
            base = (tag.encode("ascii") + b"+" + self.face.name + self.face.subfontNameX).decode("pdfdoc")
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap = pdfdoc.PDFStream()
            cmap.content = makeToUnicodeCMap(base, subset)
            if doc.compression:  # type: ignore[attr-defined]
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)  # type: ignore[attr-defined]
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)  # type: ignore[attr-defined]
            doc.idToObject["BasicFonts"].dict[internal] = font  # type: ignore[attr-defined]
        del self.state[doc]


def load_font(path: Path, name: str = "BA-probe") -> TTFont:
    """Parse a TrueType file the way an export will use it, or say why it cannot be.

    The file is sized before it is read (at most MAX_FONT_BYTES), parsed from memory
    and a few of its glyphs are subset as the PDF writer would: a cut-short or
    damaged file raises ValidationError("font", "… is not a TrueType font …"), never
    the parser's own unpacking error."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ValidationError("font", f"font file {path} does not exist") from None
    except OSError as exc:
        raise ValidationError("font", f"cannot read the font file {path}: "
                              f"{exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError("font", f"{path} is not a font file (not a regular file)")
    try:
        data = read_bounded(path, MAX_FONT_BYTES, "font", "font file")
    except ValidationError:
        raise
    except BriefingError as exc:
        raise ValidationError("font", str(exc)) from None
    try:
        font = PackTTFont(name, io.BytesIO(data), subfontIndex=0)
        # Every table the directory lists must lie inside the file (a cut-short file
        # may parse and then fail when the PDF writer reaches the missing glyphs).
        intact = all(0 <= t["offset"] and t["offset"] + t["length"] <= len(data)
                     for t in font.face.table.values())
        sample = sorted(c for c, g in font.face.charToGlyph.items() if g and c >= 32)[:32]
        font.face.makeSubset(sample)  # what the PDF writer does with the glyphs it prints
    except Exception:  # noqa: BLE001 - any parser failure means the same to the user
        intact = False
    if not intact:
        raise ValidationError("font", f"{path} is not a TrueType font ReportLab can embed "
                              "(OpenType/CFF outlines are not supported, or the file is "
                              "damaged or cut short)")
    return font


def _register(path: Path) -> tuple[str, frozenset[int]]:
    """Register a TrueType file once: (font name, characters it has); ValidationError
    when ReportLab cannot embed it."""
    path = path.resolve()
    try:
        info = os.stat(path)
        key = (path, info.st_size, info.st_mtime_ns)  # a file replaced is read again
    except OSError:
        key = (path, -1, -1)
    with _lock:
        if key in _registered:
            return _registered[key]
        name = "BA-" + path.stem.replace(" ", "")
        while name in pdfmetrics.getRegisteredFontNames():
            name += "_"
        font = load_font(path, name)
        pdfmetrics.registerFont(font)
        # <b>/<i> inside a run set in this font keep this font; (0, 0) last, because
        # addMapping also records which style a font name *is* (here: regular).
        for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):
            addMapping(name, bold, italic, name)
        cover = frozenset(c for c, g in font.face.charToGlyph.items() if g)
        _registered[key] = (name, cover)
        return _registered[key]


def _quietly_register(path: Path) -> tuple[str, frozenset[int]] | None:
    """An installed font found by name: skipped (None) when it cannot be embedded."""
    try:
        return _register(path)
    except ValidationError:
        return None


_LATIN1 = frozenset([*range(32, 127), *range(160, 256)])

# Fonts drawn with synthetic bold (fill + a thin outline stroke): the same glyphs as a
# face that ships no bold (no TrueType CJK font with a bold face is commonly installed),
# registered under a name of its own so a Paragraph run can ask for it. The canvas of
# the pack (`template.PackCanvas`) turns the outline on while one of these is set.
SYNTHETIC_BOLD: set[str] = set()
SYNTHETIC_STROKE = 0.035  # outline width as a share of the font size


def _synthetic_bold(name: str) -> str:
    """Register a synthetic-bold twin of the registered font `name`; returns its name."""
    twin_name = name + "-SyntheticBold"
    with _lock:
        if twin_name not in SYNTHETIC_BOLD:
            font = pdfmetrics.getFont(name)
            # The twin shares the parsed face and the per-document subsets: one embedded
            # font serves both, the outline stroke alone makes the bold.
            twin = copy.copy(font)
            twin.fontName = twin_name
            twin.state = font.state
            pdfmetrics.registerFont(twin)
            for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):
                addMapping(twin_name, bold, italic, twin_name)
            # <b> around a run of the plain face picks the twin
            addMapping(name, 1, 0, twin_name)
            addMapping(name, 1, 1, twin_name)
            SYNTHETIC_BOLD.add(twin_name)
    return twin_name


@dataclass(frozen=True)
class Face:
    name: str
    cover: frozenset[int]
    path: Path | None


class FontSet:
    """The fonts of one export and the characters it could not print."""

    def __init__(self, extra_files: tuple[Path, ...] = ()) -> None:
        env = [Path(p) for p in os.environ.get(FONT_PATH_ENV, "").split(os.pathsep) if p]
        self.extra: list[Face] = []
        for path in (*extra_files, *env):
            reg = _register(Path(path))  # a font the user named: refused with the reason
            self.extra.append(Face(reg[0], reg[1], Path(path)))
        found: dict[str, Face] = {}
        for role, files in ROLE_FILES.items():
            for fname in files:
                path = _font_index().get(fname.lower())
                reg = _quietly_register(path) if path else None
                if reg:
                    found[role] = Face(reg[0], reg[1], path)
                    break
        self.faces: dict[str, Face] = {}
        for role in ROLE_FILES:
            face = found.get(role) or next(
                (found[r] for r in ROLE_FALLBACK[role] if r in found), None)
            self.faces[role] = face or Face(BUILTIN[role], _LATIN1, None)
        # DejaVu Sans after the CJK face: it has the Arabic and Hebrew the serif lacks
        self.fallbacks: list[Face] = [*self.extra, self.faces["cjk"]]
        if self.faces["sans"].path is not None and self.faces["sans"] not in self.fallbacks:
            self.fallbacks.append(self.faces["sans"])
        self._by_name = {f.name: f for f in [*self.faces.values(), *self.extra]}
        # Bold faces lacking a glyph borrow it from a fallback: in bold (synthetic when
        # the fallback has no bold face of its own, as CJK fonts here do not).
        self._bold_of: dict[str, str] = {}
        bold_faces = {self.faces[r].name for r in ("serif-bold", "sans-bold")}
        for face in self.fallbacks:
            if face.name == self.faces["sans"].name and self.faces["sans-bold"].path is not None:
                self._bold_of[face.name] = self.faces["sans-bold"].name  # a real bold face
            elif face.path is not None and face.name not in bold_faces:
                self._bold_of[face.name] = _synthetic_bold(face.name)
        # a bold role that had to borrow a regular face stays regular
        regular = {self.faces[r].name for r in ("serif", "serif-italic", "sans")}
        self._bold_primaries = bold_faces - regular - {f.name for f in self.fallbacks}
        self._cache: dict[tuple[str, int], str | None] = {}
        self._lines: dict[tuple[str, str, float], tuple[list[tuple[str, str]], list[float], float]] = {}
        self.missing: Counter[str] = Counter()
        self._family()

    def _family(self) -> None:
        """<b> and <i> in our own markup map to the bold and italic faces."""
        serif, bold, italic = (self.faces[r].name for r in ("serif", "serif-bold", "serif-italic"))
        addMapping(serif, 1, 0, bold)
        addMapping(serif, 0, 1, italic)
        addMapping(serif, 1, 1, bold)
        addMapping(self.faces["sans"].name, 1, 0, self.faces["sans-bold"].name)

    def __getitem__(self, role: str) -> str:
        """The registered font name for a role ('serif', 'sans-bold', ...)."""
        return self.faces[role].name

    # --- run splitting ------------------------------------------------------------
    def _font_for(self, primary: Face, code: int) -> str | None:
        """The font that prints `code` (primary first), or None when none can."""
        key = (primary.name, code)
        try:
            return self._cache[key]
        except KeyError:
            pass
        result = None
        for face in self.fallbacks:
            if code in face.cover:
                result = face.name
                if primary.name in self._bold_primaries:
                    result = self._bold_of.get(result, result)
                break
        self._cache[key] = result
        return result

    def runs(self, text: str, font: str) -> list[tuple[str | None, str]]:
        """[(font or None for the primary, piece)]; missing characters come back as
        ('', '[U+hex code]') and are counted."""
        primary = self._by_name.get(font) or self._by_name[font.removesuffix("-SyntheticBold")]
        cover = primary.cover
        if (text.isascii() and primary.path is not None) or cover.issuperset(map(ord, text)):
            return [(None, text)]
        out: list[tuple[str | None, str]] = []
        cur: str | None = None
        start = 0
        for i, ch in enumerate(text):
            code = ord(ch)
            if code in cover or ch in "\n\t":
                f = None
            else:
                f = self._font_for(primary, code)
                if f is None:
                    if start < i:
                        out.append((cur, text[start:i]))
                    self.missing[ch] += 1
                    out.append(("", f"[U+{code:04X}]"))
                    cur, start = None, i + 1
                    continue
            if f != cur:
                if start < i:
                    out.append((cur, text[start:i]))
                cur, start = f, i
        if start < len(text):
            out.append((cur, text[start:]))
        return out

    def markup(self, text: str, font: str) -> str:
        """Escaped Paragraph markup of user text, split into font runs; newlines kept."""
        parts = []
        for f, piece in self.runs(text, font):
            piece = escape(piece)
            if f is None:
                parts.append(piece)
            elif f == "":
                parts.append(f'<font color="#b00020">{piece}</font>')
            else:
                parts.append(f'<font name="{f}">{piece}</font>')
        return "".join(parts).replace("\n", "<br/>").replace("\t", " ")

    def width(self, text: str, font: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(p, f or font, size) for f, p in self.runs(text, font))

    def draw(self, canv: object, x: float, y: float, text: str, font: str, size: float,
             align: str = "left", ordered: bool = False) -> float:
        """Draw one line of user text on a canvas, run by run; returns its width.
        Text with right-to-left letters is shaped and put in visual order first
        (`ordered`: it already is)."""
        key = (text, font, size)
        laid = self._lines.get(key)
        if laid is None:  # running heads repeat on every page: lay each out once
            line = " ".join(text.split())
            if not ordered and has_rtl(line):
                from briefing_app.pdf.rtl import visual_line

                line = visual_line(line)
            runs = [(f or font, p) for f, p in self.runs(line, font)]
            widths = [pdfmetrics.stringWidth(p, f, size) for f, p in runs]
            laid = self._lines[key] = (runs, widths, sum(widths))
        runs, widths, total = laid
        if align == "right":
            x -= total
        elif align == "center":
            x -= total / 2
        for (f, piece), w in zip(runs, widths, strict=True):
            canv.setFont(f, size)  # type: ignore[attr-defined]
            canv.drawString(x, y, piece)  # type: ignore[attr-defined]
            x += w
        return total

    def fit(self, text: str, font: str, size: float, max_width: float) -> str:
        """`text` shortened with an ellipsis to fit `max_width` (for one-line labels)."""
        text = " ".join(text.split())
        if self.width(text, font, size) <= max_width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", font, size) <= max_width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    # --- reporting ----------------------------------------------------------------
    def warnings(self) -> list[str]:
        """One line naming the characters no installed font could print."""
        if not self.missing:
            return []
        names = []
        for ch, n in self.missing.most_common(12):
            name = unicodedata.name(ch, "unnamed character")
            names.append(f"U+{ord(ch):04X} {name}" + (f" ×{n}" if n > 1 else ""))
        more = len(self.missing) - 12
        return [f"{sum(self.missing.values())} character(s) have no font and print as their [U+code]: "
                + "; ".join(names) + (f"; and {more} more" if more > 0 else "")
                + f" (install a font that has them and pass it with --font or {FONT_PATH_ENV})"]

    def describe(self) -> dict[str, str]:
        """Role -> font file used (for docs and diagnostics)."""
        return {role: str(face.path or face.name) for role, face in self.faces.items()}


# Explicit bidi formatting characters: embeddings and overrides end with PDF (U+202C),
# isolates with PDI (U+2069).
_EMBED = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATE = frozenset("\u2066\u2067\u2068")
_PDF, _PDI = "\u202c", "\u2069"
BIDI_CONTROLS = _EMBED | _ISOLATE | {_PDF, _PDI}


def close_bidi(text: str) -> str:
    """`text` with every embedding, override and isolate it opens closed at its end
    (stray closers are dropped), as the bidi algorithm's rules X1-X8 pair them."""
    if not BIDI_CONTROLS.intersection(text):
        return text
    out: list[str] = []
    stack: list[str] = []  # closers owed, innermost last
    for ch in text:
        if ch in _EMBED:
            stack.append(_PDF)
        elif ch in _ISOLATE:
            stack.append(_PDI)
        elif ch == _PDF:
            if not stack or stack[-1] != _PDF:
                continue  # closes nothing (or would cross an isolate): drop it
            stack.pop()
        elif ch == _PDI:
            if _PDI not in stack:
                continue
            while stack:  # a PDI also closes the embeddings opened inside its isolate
                closer = stack.pop()
                if closer == _PDI:
                    break
                out.append(closer)
        out.append(ch)
    out.extend(reversed(stack))
    return "".join(out)


def has_rtl(text: str) -> bool:
    """Whether `text` holds right-to-left letters (Hebrew, Arabic, Syriac, Thaana, …)."""
    if text.isascii():
        return False
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def isolate(text: str) -> str:
    """User text for a string a PDF viewer lays out itself (bookmarks, metadata):
    its bidi controls closed and the whole wrapped in FSI…PDI, so an unclosed U+202E
    cannot reverse what follows it; plain left-to-right text is left as it is."""
    if not (BIDI_CONTROLS.intersection(text) or has_rtl(text)):
        return text
    return "\u2068" + close_bidi(text) + _PDI


def escape(text: str) -> str:
    """Make user text inert in ReportLab markup: only our own code makes tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
