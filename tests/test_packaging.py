"""A wheel built from the project carries resources/ and the migrations and works from
any directory (not only from the checkout)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_resources_and_migrations_and_runs_elsewhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=300,
                   cwd=tmp_path)
    (wheel,) = wheels.glob("briefing_app-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert "briefing_app/_resources/demo/state_visit_2019.json" in names
    assert "briefing_app/_migrations/env.py" in names
    assert "briefing_app/_migrations/versions/0001_initial.py" in names
    assert any(n.endswith("entry_points.txt") for n in names)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    probe = subprocess.run(
        [sys.executable, "-c", "import briefing_app, sys; print(briefing_app.__file__)"],
        capture_output=True, text=True, cwd=elsewhere, env=env, check=True)
    assert probe.stdout.startswith(str(tmp_path / "site"))
    db = elsewhere / "fresh.sqlite"
    for args, expect in ((["demo"], "Loaded the demo visit"), (["show", "China"], "Hikvision")):
        out = subprocess.run([sys.executable, "-m", "briefing_app", "--db", str(db), *args],
                             capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
        assert out.returncode == 0, out.stderr
        assert expect in out.stdout
