"""Schema upgrades with Alembic (imported only when a database needs one)."""

from __future__ import annotations

from pathlib import Path

from briefing_app.core.paths import migrations_dir


def alembic_config(db_path: Path):  # -> alembic.config.Config (kept lazy)
    """An Alembic configuration for this file, pointing at the shipped migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    cfg.attributes["db_path"] = Path(db_path)  # env.py connects through core/cipher.py
    return cfg


def server_config(url: str):  # -> alembic.config.Config
    """An Alembic configuration for a database server (core/server_db.py)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["server_url"] = url  # not in the ini options: '%' in a password
    return cfg


def upgrade(db_path: Path, revision: str = "head") -> None:
    """Bring the file to `revision`, each migration in its own transaction."""
    from alembic import command

    command.upgrade(alembic_config(db_path), revision)


def upgrade_server(url: str, revision: str = "head") -> None:
    """Bring a server's database to `revision` (all of it in one transaction); `url` as
    a user gives it (plain postgresql://… means the psycopg 3 driver)."""
    from alembic import command

    from briefing_app.core.server_db import engine_url

    command.upgrade(server_config(engine_url(url)), revision)
