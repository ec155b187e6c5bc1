#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies.
# Rasa 3.6 supports Python 3.8-3.10 only, so a newer default python3 is not enough.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 \
      "$(command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null)"/versions/3.10*/bin/python3.10 \
      "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PY310=$(find_python310); then
    echo "[setup] Python 3.10 was not found. Rasa 3.6 needs Python 3.8-3.10." >&2
    echo "[setup] Install it (for example 'pyenv install 3.10.13' or your distribution's python3.10" >&2
    echo "[setup] with its venv module) or point PYTHON310 at it: make run PYTHON310=/path/to/python3.10" >&2
    exit 1
  fi
  echo "[setup] creating $VENV with $PY310"
  "$PY310" -m venv "$VENV"
fi

echo "[setup] installing the pinned dependencies into $VENV (first time: about 2 minutes)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r requirements/dev.txt -c constraints.txt || {
  echo "[setup] installing the dependencies failed; see pip's message above." >&2
  echo "[setup] Check the network access to the package index, then run the command again." >&2
  exit 1
}
touch "$VENV/.installed"
echo "[setup] dependencies installed"
