"""Fuzzing the readers of outside files, as trusted file-format code is tested.

Hypothesis mutates real files made by the app's own code — the demo visit exported as
a bundle, a larger synthetic visit, a shipped TrueType font — at the byte level (flips,
insertions, deletions, repeated slices, cuts, JSON's troublemakers spliced in) and at
the structure level (a field set to a hostile value, fields dropped or added, rows
repeated, UUIDs swapped). Every input must either load or be refused with the app's
own error (a BriefingError with a short message), never another exception; within a
time linear in its size (a generous multiple of the time the unmutated file of that
kind takes per byte, measured here, so a busy machine does not fail it but a quadratic
path does); and an import that is refused leaves the database byte for byte as it was
and makes no backup.

The budget is fixed (`derandomize=True`, a set number of examples; the whole module
runs in 8–30 s on the shared 2-core machine, depending on load).
`BRIEFING_FUZZ_SCALE=10` runs ten times as many examples of each for a longer session.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_app.core.database import open_database
from briefing_app.core.errors import BriefingError
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.bundle_export import bundle_dict
from briefing_app.interop.bundle_merge import import_bundle
from briefing_app.interop.bundle_read import parse_bundle


def db_bytes(path: Path) -> bytes:
    """The database file and its WAL's content. An empty WAL and no WAL are the same
    database: closing after a refused merge (which read the file) removes the empty
    `-wal` that an earlier open left, and that is not a change to the data."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + b"\0WAL\0" + (wal.read_bytes() if wal.exists() else b"")

SCALE = max(1, int(os.environ.get("BRIEFING_FUZZ_SCALE", "1")))
FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"


def _settings(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=True,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# --- the seeds: real files written by the app ------------------------------------

@pytest.fixture(scope="module")
def demo_bundle(_template_demo_db: Path) -> bytes:
    db = open_database(_template_demo_db, read_only=True)
    try:
        return json.dumps(bundle_dict(db, list_visits(db)[0].id), ensure_ascii=False).encode()
    finally:
        db.close()


@pytest.fixture(scope="module")
def large_bundle(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """~1 MB: a synthetic visit with every section filled, exported by the app."""
    from tests.large_visit import VisitSize, populate

    path = tmp_path_factory.mktemp("large") / "large.sqlite"
    visit_id = populate(path, VisitSize(days=4, events=150, briefs=40, points=400, people=50,
                                        agreements=8))
    db = open_database(path)
    try:
        return json.dumps(bundle_dict(db, visit_id)).encode()
    finally:
        db.close()


class Budget:
    """CPU seconds an input may take: slack + factor x (CPU seconds per byte of the good
    seed). CPU time, not the wall clock: a busy machine slows both alike."""

    FACTOR = 30.0
    SLACK = 0.5

    def __init__(self, run: Callable[[bytes], Any], seed: bytes) -> None:
        runs = []
        for _ in range(3):
            started = time.process_time()
            run(seed)
            runs.append(time.process_time() - started)
        self.per_byte = min(runs) / len(seed)

    def limit(self, size: int) -> float:
        return self.SLACK + self.FACTOR * self.per_byte * size


def judge(run: Callable[[bytes], Any], mutant: Mutant | bytes, budget: Budget) -> str:
    """'loaded' or 'refused'; any other exception, a long message or a slow run fails."""
    data = mutant.data if isinstance(mutant, Mutant) else mutant
    started = time.process_time()
    try:
        run(data)
        outcome = "loaded"
    except BriefingError as exc:
        message = str(exc)
        assert message and len(message) < 600, message[:2000]
        assert "Traceback" not in message
        outcome = "refused"
    elapsed = time.process_time() - started
    assert elapsed <= budget.limit(len(data)), (
        f"{elapsed:.2f} s for {len(data):,} bytes; the budget was {budget.limit(len(data)):.2f} s")
    return outcome


class Mutant:
    """A mutated file and the steps that made it: a failure report names the steps,
    not 90 KB of bytes."""

    def __init__(self, data: bytes, steps: list[str]) -> None:
        self.data = data
        self.steps = steps

    def __repr__(self) -> str:
        return f"Mutant({len(self.data):,} bytes: {'; '.join(self.steps)[:1500]})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


# --- byte-level mutations ---------------------------------------------------------

TOKENS = [b"[", b"{", b"]", b"}", b'"', b"\\", b"\\u", b"\\ud800", b"\\u0000", b"1e999",
          b"-1e400", b"NaN", b"Infinity", b"9" * 40, b"0." + b"0" * 80 + b"1", b"\x00", b"\xff",
          b"\xed\xa0\x80", b"\xc3", b"null", b"true", b",", b":", b'"uuid":', b"\xef\xbb\xbf",
          b"[" * 40, b"{\"a\":" * 40, b'\\"' * 64, b'"\\"' * 32, b"\r\n", b"\t", b"  ",
          "\u202e".encode(), "习近平".encode(), b"0001-01-01", b"localtime", b"Factory",
          b"Etc/GMT-6", b"9999-12-31T23:59:59+00:00"]


@st.composite
def mutated_bytes(draw: st.DrawFn, seed: bytes) -> Mutant:
    data = bytearray(seed)
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut", "token"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            i, bit = min(pos, len(data) - 1), draw(st.integers(0, 7))
            data[i] ^= 1 << bit
            steps.append(f"flip bit {bit} at {i}")
        elif op == "insert":
            piece = draw(st.binary(min_size=1, max_size=16))
            data[pos:pos] = piece
            steps.append(f"insert {piece!r} at {pos}")
        elif op == "delete":
            n = draw(st.integers(1, 4096))
            del data[pos:pos + n]
            steps.append(f"delete {n} at {pos}")
        elif op == "repeat":
            n, times = draw(st.integers(1, 16_384)), draw(st.integers(1, 3))
            data[pos:pos] = bytes(data[pos:pos + n]) * times
            steps.append(f"repeat {n} bytes at {pos} {times}x")
        elif op == "cut":
            del data[pos:]
            steps.append(f"cut at {pos}")
        else:
            token, times = draw(st.sampled_from(TOKENS)), draw(st.integers(1, 3))
            data[pos:pos] = token * times
            steps.append(f"insert {_short(token)} x{times} at {pos}")
    return Mutant(bytes(data), steps)


# --- structure-level mutations ----------------------------------------------------

SPECIAL = ["", " ", "x" * 301, "0001-01-01", "1899-12-31", "2201-01-01", "-0001-01-01",
           "9999-12-31T23:59:59+00:00", "2019-09-11T10:00:00", "2019-09-11T10:00:00+14:00",
           "2019-02-30", "localtime", "Factory", "Etc/GMT-6", "UTC", "EST", "US/Eastern",
           "Asia/Atlantis", "../../etc/passwd", "0f8fad5b-d9cb-469f-a165-70867728950e",
           "{0f8fad5b-d9cb-469f-a165-70867728950e}", "\u202etxt.exe", "<b>bold", "\x07bell",
           "image/png", "text/html", "iVBORw0KGgo=", "@@@", "talks", "signed", "1e999", "NaN"]
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
              st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=60),
              st.sampled_from(SPECIAL), st.dates().map(str), st.datetimes().map(str)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=6)


def _rows(tree: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [tree["visit"]] if isinstance(tree.get("visit"), dict) else []
    for section in tree.values():
        if isinstance(section, list):
            rows.extend(r for r in section if isinstance(r, dict))
    return rows


@st.composite
def mutated_tree(draw: st.DrawFn, seed: dict[str, Any]) -> Mutant:
    tree = copy.deepcopy(seed)
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        rows = _rows(tree)
        op = draw(st.sampled_from(["set", "set", "set", "drop", "add", "repeat_row",
                                   "swap_uuid", "drop_row", "top"]))
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        row = rows[i]
        field = draw(st.sampled_from(sorted(row))) if row else None
        if op == "set" and field:
            row[field] = value = draw(values)
            steps.append(f"row {i}: {field} = {_short(value)}")
        elif op == "drop" and field:
            del row[field]
            steps.append(f"row {i}: drop {field}")
        elif op == "add":
            key, value = draw(st.text(min_size=1, max_size=12)), draw(values)
            row[key] = value
            steps.append(f"row {i}: add {_short(key)} = {_short(value)}")
        elif op in ("repeat_row", "drop_row"):
            lists = [k for k, v in tree.items() if isinstance(v, list) and v]
            if lists:
                name = draw(st.sampled_from(sorted(lists)))
                section = tree[name]
                j = draw(st.integers(0, len(section) - 1))
                if op == "repeat_row":
                    section.insert(j, copy.deepcopy(section[j]))
                else:
                    del section[j]
                steps.append(f"{op} {name}[{j}]")
        elif op == "swap_uuid":
            k = draw(st.integers(0, len(rows) - 1))
            other = rows[k]
            if "uuid" in row and "uuid" in other:
                row["uuid"], other["uuid"] = other["uuid"], row["uuid"]
                steps.append(f"swap uuid of rows {i} and {k}")
        elif op == "top":
            key, value = draw(st.sampled_from(sorted(tree))), draw(values)
            tree[key] = value
            steps.append(f"top {key} = {_short(value)}")
    ascii_only = draw(st.booleans())
    return Mutant(json.dumps(tree, ensure_ascii=ascii_only).encode(), steps)


@st.composite
def swapped_visit(draw: st.DrawFn, seed: dict[str, Any]) -> Mutant:
    """The visit under a new UUID but its rows under theirs: refused while the merge is
    planned, after the database was read (rows of another visit)."""
    tree = copy.deepcopy(seed)
    tree["visit"]["uuid"] = str(draw(st.uuids()))
    return Mutant(json.dumps(tree).encode(), ["visit under a new uuid"])


# --- the properties ---------------------------------------------------------------

def test_mutated_bytes_of_the_demo_bundle(demo_bundle: bytes) -> None:
    budget = Budget(parse_bundle, demo_bundle)
    seen: dict[str, int] = {}

    @_settings(300)
    @given(mutated_bytes(demo_bundle))
    def check(data: Mutant) -> None:
        outcome = judge(parse_bundle, data, budget)
        seen[outcome] = seen.get(outcome, 0) + 1

    check()
    assert seen.get("refused"), seen  # the mutations do reach the checks


def test_mutated_structure_of_the_demo_bundle(demo_bundle: bytes) -> None:
    budget = Budget(parse_bundle, demo_bundle)
    seed = json.loads(demo_bundle)
    seen: dict[str, int] = {}

    @_settings(300)
    @given(mutated_tree(seed))
    def check(data: Mutant) -> None:
        outcome = judge(parse_bundle, data, budget)
        seen[outcome] = seen.get(outcome, 0) + 1

    check()
    assert seen.get("refused") and seen.get("loaded"), seen


def test_mutated_large_bundle_stays_linear(large_bundle: bytes) -> None:
    budget = Budget(parse_bundle, large_bundle)

    @_settings(8)
    @given(st.one_of(mutated_bytes(large_bundle), mutated_tree(json.loads(large_bundle))))
    def check(data: Mutant) -> None:
        judge(parse_bundle, data, budget)

    check()


def test_refused_imports_leave_the_database_byte_for_byte(
        demo_bundle: bytes, _template_demo_db: Path, tmp_path: Path) -> None:
    """The whole import, against a database that holds the visit already."""
    seed = json.loads(demo_bundle)
    folder = tmp_path / "imports"
    folder.mkdir()
    counter = iter(range(10**9))

    def run_import(data: bytes) -> None:
        n = next(counter)
        db_path = folder / f"target-{n}.sqlite"
        shutil.copyfile(_template_demo_db, db_path)
        open_database(db_path).close()  # opening alone may switch the file to WAL mode
        before = db_bytes(db_path)
        bundle = folder / f"in-{n}.json"
        bundle.write_bytes(data)
        db = open_database(db_path)
        try:
            import_bundle(db, bundle)
        except BriefingError:
            db.close()
            assert db_bytes(db_path) == before, "a refused import changed the database"
            assert not (folder / f"target-{n}-backups").exists(), "a refused import left a backup"
            raise
        finally:
            db.close()
            for p in folder.iterdir():
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()

    budget = Budget(run_import, demo_bundle)

    @_settings(60)
    @given(st.one_of(mutated_bytes(demo_bundle), mutated_tree(seed), swapped_visit(seed)))
    def check(data: Mutant) -> None:
        judge(run_import, data, budget)

    check()


def test_mutated_fonts_load_or_are_not_a_truetype_font(tmp_path: Path) -> None:
    """A font either loads and can print its glyphs, or is refused by name."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    from briefing_app.pdf.fonts import load_font

    seed = FONT.read_bytes()
    path = tmp_path / "fuzzed.ttf"

    def run(data: bytes) -> None:
        path.write_bytes(data)
        font = load_font(path, "BA-fuzz")
        from reportlab.pdfbase import pdfmetrics

        pdfmetrics.registerFont(font)
        canvas = Canvas(BytesIO())
        canvas.setFont("BA-fuzz", 10)
        canvas.drawString(10, 10, "Тоқаев met the press. 0123456789")
        canvas.save()

    budget = Budget(run, seed)

    @_settings(80)
    @given(st.one_of(mutated_bytes(seed),
                     st.integers(0, len(seed)).map(lambda n: Mutant(seed[:n], [f"cut at {n}"]))))
    def check(data: Mutant) -> None:
        judge(run, data, budget)

    check()


def test_password_files_of_any_bytes(tmp_path: Path) -> None:
    from briefing_app.cli.pdf_commands import _password
    from briefing_app.pdf import PackOptions

    path = tmp_path / "pw"

    def run(data: bytes) -> None:
        path.write_bytes(data)
        PackOptions(password=_password(str(path)))

    budget = Budget(run, b"s3cret\n")

    @_settings(150)
    @given(st.one_of(st.binary(max_size=300),
                     st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
    def check(data: bytes) -> None:
        judge(run, data, budget)

    check()


def test_every_field_rule_refuses_any_value_by_name() -> None:
    """The one validation every route uses: any value for any field is cleaned or
    refused with a ValidationError naming that field, never another exception."""
    from briefing_app.core.errors import ValidationError
    from briefing_app.core.validation import RULES, clean

    fields = [(kind, name) for kind, rules in RULES.items() for name in rules]
    anything = st.one_of(values, st.binary(max_size=40), st.dates(), st.datetimes(),
                         st.datetimes(timezones=st.timezones()), st.decimals(),
                         st.text(max_size=5_000))

    @_settings(400)
    @given(st.sampled_from(fields), anything)
    def check(where: tuple[str, str], value: Any) -> None:
        kind, name = where
        try:
            clean(kind, {name: value}, partial=True)
        except ValidationError as exc:
            assert exc.field == name and len(str(exc)) < 300, str(exc)[:500]

    check()
