"""The hostile corpus: strings and whole files that have hurt document tools before.

Each string says what must happen to it: printed literally (`literal`) or refused
with a message naming the field (`refused`). The local file and local port used by
`<img src>` payloads are supplied by the test (a secret file and a listening socket),
so a test can prove that neither is ever touched.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    outcome: str  # "literal" or "refused"


def cve_2023_33733(marker: Path) -> str:
    """The published ReportLab rl_safe_eval escape: runs `touch marker` if evaluated."""
    return ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch "
            f"{marker}') for Word in [ orgTypeFun( 'Word', (str,), {{ 'mutated': 1, "
            "'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutate() and "
            "self.mutated < 0 and str(self) == x, 'mutate': lambda self: { setattr(self, "
            "'mutated', self.mutated - 1) }, '__hash__': lambda self: hash(str(self)), }, ) ] ] "
            "for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font></para>")


ZALGO = "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f" \
        "a\u0310\u0357\u0304\u0301\u0338\u0321\u0355lgo"


def strings(secret_file: Path, port: int, marker: Path) -> list[Hostile]:
    """The corpus, for a given secret file, listening port and exploit marker file."""
    return [
        Hostile("markup bold unclosed", "<b>not bold <i>nor italic", "literal"),
        Hostile("markup font size", '<font size="40" color="red">HUGE</font>', "literal"),
        Hostile("markup para break", "</para><para>injected paragraph", "literal"),
        Hostile("entities", "R&D &amp; &#60;b&#62; &lt;tag&gt; & ;", "literal"),
        Hostile("markup line breaks", "one<br/>two<br>three", "literal"),
        Hostile("javascript link", "<a href=\"javascript:alert(1)\">click</a>", "literal"),
        Hostile("cdata and comment", "<![CDATA[x]]> <!-- hidden --> <?xml version='1.0'?>", "literal"),
        Hostile("cve-2023-33733", cve_2023_33733(marker), "literal"),
        Hostile("img local file", f'<img src="{secret_file}" width="50" height="50"/>', "literal"),
        Hostile("img file url", f'<img src="file://{secret_file}"/>', "literal"),
        Hostile("img local port", f'<img src="http://127.0.0.1:{port}/pixel.png"/>', "literal"),
        Hostile("link to local port", f'<link href="http://127.0.0.1:{port}/">port</link>', "literal"),
        Hostile("20000-char word", "Ж" * 10_000 + "w" * 10_000, "literal"),
        Hostile("right-to-left override", "payment\u202egpj.exe\u202c done", "literal"),
        Hostile("bidi isolates and marks", "\u2067عربي\u2069 \u200fשלום\u200e end", "literal"),
        Hostile("combining marks", ZALGO, "literal"),
        Hostile("kazakh and chinese", "Тоқаев әғқңөұүһі 习近平", "literal"),
        Hostile("NUL", "before\x00after", "refused"),
        Hostile("other control", "bell\x07 escape\x1b[31m", "refused"),
        Hostile("lone surrogate", "broken \ud800 text", "refused"),
        Hostile("reversed surrogate pair", "\udc00\ud800", "refused"),
    ]


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_objects(depth: int = 100_000) -> bytes:
    return b'{"a":' * depth + b"null" + b"}" * depth


def huge_numbers() -> list[bytes]:
    """Numbers a naive parser turns into infinity, a 100,000-digit int or a crash."""
    return [b"1e999999", b"-1e400", b"9" * 100_000, b"0." + b"0" * 100_000 + b"1",
            b"NaN", b"Infinity", b"-Infinity"]


def png_bomb() -> bytes:
    """A PNG header claiming 100,000 x 100,000 pixels, with almost no data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
