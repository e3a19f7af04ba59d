"""Fixtures the exchange tests share."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from briefing_app.core.database import open_database
from briefing_app.core.ops.visits import list_visits
from briefing_app.interop.bundle_export import bundle_dict


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory: pytest.TempPathFactory, _template_demo_db: Any) -> dict:
    """A valid bundle of the demo visit, as parsed JSON (copy it before changing it)."""
    path = tmp_path_factory.mktemp("bundle") / "demo.sqlite"
    shutil.copy(_template_demo_db, path)
    db = open_database(path)
    try:
        return json.loads(json.dumps(bundle_dict(db, list_visits(db)[0].id)))
    finally:
        db.close()
