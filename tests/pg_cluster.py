"""A throw-away PostgreSQL cluster for the tests: initdb in a fresh temp folder, a free
port on 127.0.0.1, started and stopped with `pg_ctl -w` (pg_ctl waits until the server
accepts connections; no sleeps).

A cluster must not run as root, so as root the cluster runs as a system user of its own
(created once with `useradd --system`); as a normal user it runs as that user. The data
folder is a fresh temp folder owned by the cluster's user, so nothing depends on where
the checkout lies or who can read it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CLUSTER_USER = "briefing-pg-test"
SUPERUSER = "postgres"


def pg_bin_dir() -> Path | None:
    """Where initdb and pg_ctl live (Debian keeps them off PATH), or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    root = Path("/usr/lib/postgresql")
    versions = sorted((p for p in root.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cluster_user() -> str | None:
    """The system user the cluster runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(CLUSTER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        CLUSTER_USER], check=True, capture_output=True)
    return CLUSTER_USER


@dataclass
class Cluster:
    root: Path
    port: int
    password: str
    bin_dir: Path
    user: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", user: str = SUPERUSER,
            password: str | None = None) -> str:
        pw = self.password if password is None else password
        return f"postgresql+psycopg://{user}:{pw}@127.0.0.1:{self.port}/{database}"

    def libpq_url(self, database: str, user: str, password: str) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True,
                              cwd=self.root, env={**os.environ, "LC_ALL": "C.UTF-8"})

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-l",
                  str(self.root / "log"), "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                  "-c fsync=off -c full_page_writes=off -c synchronous_commit=off",
                  "start")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.libpq_url("postgres", SUPERUSER, self.password),
                             autocommit=True) as conn:
            conn.execute(sql)

    def copy_database(self, template: str, name: str) -> str:
        """A copy of database `template` (no one may be connected to it)."""
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create_database(self, name: str) -> str:
        """A new empty database (UTF-8); returns its SQLAlchemy URL for the superuser."""
        import psycopg

        with psycopg.connect(self.libpq_url("postgres", SUPERUSER, self.password),
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(name)


def start_cluster() -> Cluster:
    """initdb + start; the caller stops it (and removes `root`) with `destroy`."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (./dev.sh installs the Debian "
                           "package postgresql)")
    user = _cluster_user()
    root = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
    password = os.urandom(12).hex()
    (root / "pw").write_text(password + "\n", encoding="utf-8")
    if user is not None:
        info = pwd.getpwnam(user)
        os.chown(root, info.pw_uid, info.pw_gid)
        os.chown(root / "pw", info.pw_uid, info.pw_gid)
    root.chmod(0o700)
    cluster = Cluster(root, _free_port(), password, bin_dir, user)
    cluster._run("initdb", "-D", str(cluster.data), "-U", SUPERUSER, f"--pwfile={root / 'pw'}",
                 "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8")
    cluster.start()
    return cluster


def destroy(cluster: Cluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.root, ignore_errors=True)
