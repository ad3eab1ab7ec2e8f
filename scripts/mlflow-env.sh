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
min_python=3.10
tag=mlflow-env
# shellcheck source=lib/pinned-venv.sh
source "$root/scripts/lib/pinned-venv.sh"

installed() {
  stamp_matches && [[ -x "$venv/bin/mlflow" ]] \
    && "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("mlflow") and u.find_spec("nbclient") else 1)' 2>/dev/null
}

venv_ready_or_locked && exit 0
log "creating $venv with the pins of notebooks/requirements.txt (once; a minute or two)"
venv_create

pip_args=(--quiet --disable-pip-version-check --no-input --prefer-binary)
"$venv/bin/python" -m pip install "${pip_args[@]}" --upgrade pip >&2
"$venv/bin/python" -m pip install "${pip_args[@]}" -r "$requirements" >&2
# The notebooks run on this kernel; registering it inside the venv leaves the user's own Jupyter alone.
"$venv/bin/python" -m ipykernel install --prefix "$venv" --name python3 --display-name "FlowLab (mlflow venv)" >/dev/null 2>&1 || true

"$venv/bin/mlflow" --version >&2
venv_done
