"""Every reader of an outside file has a size limit it enforces before reading it all,
reports the file's real size, reads a device or a pipe only up to the limit, and is
linear in what it parses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_app.core.bounded_read import read_bounded
from briefing_app.core.errors import BriefingError, ValidationError
from briefing_app.interop import bundle_read, json_guard
from briefing_app.interop.bundle_schema import MAX_BUNDLE_BYTES

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"


def _sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on the disk."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def test_oversize_bundle_is_refused_by_its_real_size_without_reading(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "huge.json", MAX_BUNDLE_BYTES + 12_345)
    started = time.process_time()
    with pytest.raises(ValidationError) as err:
        bundle_read.read_bundle_file(path)
    assert err.value.field == "bundle"
    assert f"({MAX_BUNDLE_BYTES + 12_345:,} bytes; at most {MAX_BUNDLE_BYTES:,})" in err.value.reason
    assert time.process_time() - started < 1  # measured, not read


def test_a_device_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_read, "MAX_BUNDLE_BYTES", 10_000)
    with pytest.raises(ValidationError, match=r"more than 10,000 bytes.*character device"):
        bundle_read.read_bundle_file("/dev/zero")


def test_a_pipe_is_read_only_up_to_the_limit() -> None:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"x" * 5_000)
    os.close(write_fd)
    try:
        with pytest.raises(ValidationError, match=r"more than 1,000 bytes.*a pipe"):
            read_bounded(f"/dev/fd/{read_fd}", 1_000, "--password-file")
    finally:
        os.close(read_fd)


def test_missing_file_and_folder_keep_their_messages(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="no such file"):
        read_bounded(tmp_path / "absent", 10, "x")
    with pytest.raises(BriefingError, match="is a folder, not a photo"):
        read_bounded(tmp_path, 10, "photo", "photo")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _export(*extra: str, db: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process with 1.5 GiB of address space: a reader that is not
    bounded fails here instead of eating the machine's memory."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20));"
            "from briefing_app.cli import main; sys.exit(main(sys.argv[1:]))")
    env = os.environ | {"XDG_STATE_HOME": str(out.parent / "state")}  # crash logs stay here
    return subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "export", "1", "--out", str(out), *extra],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)


def test_password_file_dev_zero_is_refused_not_read_until_memory_runs_out(
        demo_db_path: Path, tmp_path: Path) -> None:
    started = _children_cpu()
    result = _export("--password-file", "/dev/zero", db=demo_db_path, out=tmp_path / "p.pdf")
    assert result.returncode == 1, result.stderr
    assert "--password-file: /dev/zero is too large (more than 65,536 bytes" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "p.pdf").exists()
    assert _children_cpu() - started < 60  # CPU seconds of the child: load cannot move it


def test_password_file_too_large_reports_its_size(demo_db_path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from briefing_app.cli import main

    path = _sparse(tmp_path / "pw.txt", 10_000_000)
    assert main(["--db", str(demo_db_path), "export", "1", "--out", str(tmp_path / "p.pdf"),
                 "--password-file", str(path)]) == 1
    assert "is too large (10,000,000 bytes; at most 65,536)" in capsys.readouterr().err


def test_password_longer_than_pdf_encryption_uses_is_refused() -> None:
    from briefing_app.pdf import PackOptions

    PackOptions(password="é" * 63 + "x")  # 127 bytes: kept whole
    with pytest.raises(ValidationError, match=r"password: is too long \(128 bytes in UTF-8"):
        PackOptions(password="é" * 64)


@pytest.mark.parametrize("keep", [12, 100, 1_000, 10_000, 100_000, 400_000, 700_000])
def test_a_truncated_font_is_not_a_truetype_font(tmp_path: Path, keep: int) -> None:
    from briefing_app.pdf.fonts import FontSet

    data = (FONTS / "DejaVuSans.ttf").read_bytes()
    path = tmp_path / f"cut-{keep}.ttf"
    path.write_bytes(data[:keep])
    with pytest.raises(ValidationError, match="is not a TrueType font"):
        FontSet((path,))


def test_font_file_limits(tmp_path: Path) -> None:
    from briefing_app.pdf.fonts import MAX_FONT_BYTES, FontSet

    huge = _sparse(tmp_path / "huge.ttf", MAX_FONT_BYTES + 1)
    with pytest.raises(ValidationError, match=rf"is too large \({MAX_FONT_BYTES + 1:,} bytes"):
        FontSet((huge,))
    with pytest.raises(ValidationError, match="is not a font file"):
        FontSet((Path("/dev/zero"),))
    with pytest.raises(ValidationError, match="does not exist"):
        FontSet((tmp_path / "absent.ttf",))


def test_a_font_file_replaced_on_disk_is_read_again(tmp_path: Path) -> None:
    from briefing_app.pdf.fonts import FontSet

    path = tmp_path / "mine.ttf"
    data = (FONTS / "DejaVuSans.ttf").read_bytes()
    path.write_bytes(data)
    FontSet((path,))
    path.write_bytes(data[:5_000])
    with pytest.raises(ValidationError, match="is not a TrueType font"):
        FontSet((path,))


def test_depth_scan_is_linear_on_unterminated_strings() -> None:
    """An unterminated string full of escaped quotes was quadratic (80 KB: 55 s)."""
    for payload in (b'["' + b'\\"' * 200_000, b'["' + b'\\"' * 200_000 + b"\\",
                    b"[" + b'"a\\"' * 200_000):
        started = time.process_time()
        with pytest.raises(ValidationError, match="not valid JSON"):
            json_guard.loads(payload, max_bytes=10**9)
        assert time.process_time() - started < 2


def test_objects_and_lists_are_counted_before_parsing() -> None:
    payload = b"[" + b"{}," * 5_000 + b"{}]"
    with pytest.raises(ValidationError, match=r"holds more than 1,000 objects and lists"):
        json_guard.loads(payload, max_bytes=10**9, max_containers=1_000)
    assert len(json_guard.loads(payload, max_bytes=10**9)) == 5_001


def test_a_bundle_of_empty_objects_is_refused_before_it_is_parsed() -> None:
    from briefing_app.interop.bundle_schema import MAX_BUNDLE_CONTAINERS

    payload = b'{"venues": [' + b"{}," * MAX_BUNDLE_CONTAINERS + b"{}]}"
    with pytest.raises(ValidationError, match="objects and lists"):
        bundle_read.parse_bundle(payload)


def test_a_section_is_capped_at_50000_rows(demo_db_path: Path) -> None:
    import json

    from briefing_app.core.database import open_database
    from briefing_app.core.ops.visits import list_visits
    from briefing_app.interop.bundle_export import bundle_dict
    from briefing_app.interop.bundle_schema import MAX_ROWS_PER_SECTION

    db = open_database(demo_db_path)
    data = json.loads(json.dumps(bundle_dict(db, list_visits(db)[0].id)))
    db.close()
    data["venues"] = [{}] * (MAX_ROWS_PER_SECTION + 1)
    with pytest.raises(ValidationError, match=r"venues: has 50,001 rows \(at most 50,000\)"):
        bundle_read.parse_bundle(json.dumps(data).encode())


def test_copies_are_capped() -> None:
    from briefing_app.pdf import PackOptions
    from briefing_app.pdf.options import MAX_COPIES

    PackOptions(copies=MAX_COPIES)
    with pytest.raises(ValidationError, match="copies: must be a whole number from 1 to 200"):
        PackOptions(copies=MAX_COPIES + 1)
