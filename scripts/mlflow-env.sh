#!/usr/bin/env bash
# Creates (once) the project-local Python environment with the pinned MLflow server and the notebooks'
# libraries, then prints its bin directory (the only line on stdout; progress goes to stderr).
#
#   bash scripts/mlflow-env.sh            # → /path/to/project/.venv/mlflow/bin
#
# Used by `flowlab ui` (which finds .venv/mlflow by itself), by the tracking tests (which run this script
# and start `mlflow server` from the printed folder) and by CI. Idempotent and quick when installed: a
# stamp file holds the hash of notebooks/requirements.txt, and the install is redone only when that file
# (the pins) changed or the environment is broken.
#   FLOWLAB_MLFLOW_VENV  another location for the environment (default: <project>/.venv/mlflow)
#   PYTHON               the interpreter to build it from (default: python3; needs 3.10+)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/notebooks/requirements.txt"
venv="${FLOWLAB_MLFLOW_VENV:-$root/.venv/mlflow}"
python="${PYTHON:-python3}"
stamp="$venv/.flowlab-requirements.sha256"

log() { echo "mlflow-env: $*" >&2; }

installed() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/mlflow" && -x "$venv/bin/python" ]] \
    && "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("mlflow") and u.find_spec("nbclient") else 1)' 2>/dev/null
}

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if installed; then
  echo "$venv/bin"
  exit 0
fi

# Two builds at once (CI and a test run, two terminals) would trample each other's venv.
mkdir -p "$(dirname "$venv")"
if command -v flock >/dev/null; then
  exec 9>"$venv.lock"
  flock 9
  if installed; then
    echo "$venv/bin"
    exit 0
  fi
fi

command -v "$python" >/dev/null || { log "no $python found: install Python 3.10+ (e.g. apt-get install python3 python3-venv)"; exit 2; }
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || { log "$python is $("$python" --version 2>&1); MLflow 3 needs Python 3.10+"; exit 2; }

log "creating $venv with the pins of notebooks/requirements.txt (once; a minute or two)"
rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
  # Debian's own python3 ships without ensurepip until python3-venv is installed.
  rm -rf "$venv"
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing python3-venv with apt-get"
    apt-get install -y -q python3-venv >&2 || { apt-get update -q >&2 && apt-get install -y -q python3-venv >&2; }
    "$python" -m venv "$venv" >&2
  else
    log "'$python -m venv' failed: install your distribution's python3-venv package and run this again"
    exit 2
  fi
fi

pip_args=(--quiet --disable-pip-version-check --no-input --prefer-binary)
"$venv/bin/python" -m pip install "${pip_args[@]}" --upgrade pip >&2
"$venv/bin/python" -m pip install "${pip_args[@]}" -r "$requirements" >&2
# The notebooks run on this kernel; registering it inside the venv leaves the user's own Jupyter alone.
"$venv/bin/python" -m ipykernel install --prefix "$venv" --name python3 --display-name "FlowLab (mlflow venv)" >/dev/null 2>&1 || true

"$venv/bin/mlflow" --version >&2
echo "$wanted" > "$stamp"
echo "$venv/bin"
