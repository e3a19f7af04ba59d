#!/usr/bin/env bash
# One script, two commands (see README "Quick start"):
#   ./dev.sh run   — set up, load the demo visit, open the app
#   ./dev.sh test  — set up (with test tools), run the whole test suite (SQLite, then the
#                    database tests on PostgreSQL)
# Set-up is idempotent: system packages (as root, through apt-get) only when missing,
# then a virtual environment in .venv with the project installed from its own files.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  fonts-wqy-microhei fonts-dejavu-core   # TrueType fonts: Latin, Kazakh Cyrillic, Chinese
  poppler-utils                          # pdftoppm, pdffonts: tests render and inspect PDFs
  qpdf                                   # qpdf --check: tests validate every pack
  xvfb                                   # Xvfb: the end-to-end test drives the window on a real X server
  postgresql                             # initdb, pg_ctl, psql: the tests run a throw-away team server
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1
  libxcb-render-util0 libxcb-image0 libnss3 libxrandr2 libxcomposite1 libxdamage1 libxtst6
  python3 python3-venv
)

setup_system() {
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "dev.sh: please install: ${missing[*]} (sudo apt-get install ...)" >&2
    return 0
  fi
  echo "dev.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY=${PYTHON:-python3}
setup_python() {
  local extras=$1  # "" for the app alone, "test" for the test tools too
  if [[ ! -x .venv/bin/python ]]; then
    "$PY" -m venv .venv
  fi
  local stamp=".venv/.installed-${extras:-app}"
  # The test set-up installs the app too: `run` after `test` needs nothing more.
  if [[ -z $extras && -f .venv/.installed-test && ! pyproject.toml -nt .venv/.installed-test ]]; then
    return 0
  fi
  if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
    .venv/bin/python -m pip install -q --upgrade pip
    # An older set-up installed PySide6-Pdf 6.12.0, whose QtPdf files collide with the
    # Addons wheel that replaces it (pyproject.toml says why): remove it first.
    if .venv/bin/python -m pip show -q PySide6-Pdf >/dev/null 2>&1; then
      .venv/bin/python -m pip uninstall -q -y PySide6-Pdf PySide6-Essentials shiboken6
    fi
    .venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
}

case "${1:-}" in
  run)
    shift
    setup_system
    setup_python ""
    .venv/bin/briefing-app "$@" demo >/dev/null
    exec .venv/bin/briefing-app "$@" gui
    ;;
  test)
    shift
    setup_system
    setup_python test
    export QT_QPA_PLATFORM=offscreen
    .venv/bin/ruff check .
    # Test paths given (e.g. tests/cli): that SQLite run alone. Otherwise the whole suite
    # on SQLite, then the database tests again on a throw-away PostgreSQL cluster (the
    # team server, docs/team-server.md); each pass says how long it took.
    only_paths=0
    for arg in "$@"; do [[ $arg != -* && -e ${arg%%::*} ]] && only_paths=1; done
    start=$SECONDS
    BRIEFING_TEST_BACKEND=sqlite .venv/bin/python -m pytest "$@"
    echo "dev.sh: SQLite pass: $((SECONDS - start)) s"
    if ((only_paths == 0)); then
      start=$SECONDS
      BRIEFING_TEST_BACKEND=postgresql .venv/bin/python -m pytest "$@" tests/core tests/interop tests/pdf
      echo "dev.sh: PostgreSQL pass: $((SECONDS - start)) s"
    fi
    ;;
  *)
    echo "usage: ./dev.sh run [--db PATH] | ./dev.sh test [PYTEST ARGS]" >&2
    exit 2
    ;;
esac
