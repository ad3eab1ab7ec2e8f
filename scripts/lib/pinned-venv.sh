# Sourced by mlflow-env.sh and pytorch-env.sh: the mechanics of a project-local Python environment built
# once from a pinned requirements file. The caller sets: venv, python, requirements, min_python (e.g. 3.10),
# tag (the prefix of log lines), and defines installed(), which tells whether $venv is complete; then it calls
# `venv_ready_or_locked` and, if that returns 1, `venv_create` and its own pip install.
stamp="$venv/.flowlab-requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"

log() { echo "$tag: $*" >&2; }

stamp_matches() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$venv/bin/python" ]]
}

# Returns 0 (after printing the bin folder) when the environment is already there; otherwise holds a lock
# for the rest of the script, since two builds at once (CI and a test run) would trample each other's venv.
venv_ready_or_locked() {
  if installed; then
    echo "$venv/bin"
    return 0
  fi
  mkdir -p "$(dirname "$venv")"
  if command -v flock >/dev/null; then
    exec 9>"$venv.lock"
    flock 9
    if installed; then
      echo "$venv/bin"
      return 0
    fi
  fi
  return 1
}

# A fresh venv from $python, installing Debian's python3-venv first when that is what is missing.
venv_create() {
  command -v "$python" >/dev/null || { log "no $python found: install Python $min_python+ (e.g. apt-get install python3 python3-venv)"; exit 2; }
  "$python" -c "import sys; sys.exit(0 if sys.version_info >= tuple(map(int, '$min_python'.split('.'))) else 1)" \
    || { log "$python is $("$python" --version 2>&1); this environment needs Python $min_python+"; exit 2; }
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
}

# Records that $venv now matches the pins and prints its bin folder (the only line on stdout).
venv_done() {
  echo "$wanted" > "$stamp"
  echo "$venv/bin"
}
