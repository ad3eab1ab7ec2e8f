#!/usr/bin/env bash
# Creates (once) the project-local Python environment for the PyTorch reference of FlowLab's Glow
# (benchmarks/pytorch/glow_reference.py), then prints its bin directory (the only line on stdout;
# progress goes to stderr).
#
#   bash scripts/pytorch-env.sh                    # → /path/to/project/.venv/pytorch/bin
#   "$(bash scripts/pytorch-env.sh)/python" benchmarks/pytorch/glow_reference.py --check
#
# How torch is installed, and why (only PyPI is reachable, not download.pytorch.org):
#   * PyPI has no CPU-only torch build for Linux x86_64; the "+cpu" wheels are published only on
#     download.pytorch.org. The PyPI wheel is the CUDA build, and a plain `pip install torch` also pulls
#     triton, cuda-toolkit, cuda-bindings and every CUDA library: ~2.8 GB of wheels.
#   * `pip install --no-deps torch` alone does not work: the wheel's libraries are linked against the CUDA
#     runtime (readelf -d: even libtorch_cpu.so NEEDs libcudart.so.13 and libcupti.so.13, libtorch_python.so
#     NEEDs libtorch_cuda.so, which NEEDs cuBLAS, cuDNN, NCCL, cuSPARSELt, cuFFT, cuSOLVER, NVSHMEM, ...),
#     so `import torch` fails with "libcudart.so.13: cannot open shared object file".
#   * So the leanest working install from PyPI alone is: torch with --no-deps, plus exactly the CUDA
#     libraries it is linked against, plus its pure-Python dependencies, all pinned in
#     benchmarks/pytorch/requirements.txt and installed with --no-deps (the file is a complete lock). Left
#     out: triton (285 MB, torch.compile's GPU backend), cuda-bindings, cuda-pathfinder, the cuda-toolkit
#     meta-package, nvidia-cuda-cccl (headers) and nvidia-nvtx, which nothing links against. That saves
#     ~300 MB of the 2.8 GB download; the environment is ~4.4 GB on disk. `pip check` will list the omitted
#     packages as missing; that is expected. The CUDA libraries are only loaded, never used
#     (torch.cuda.is_available() is False); the smoke test below proves torch imports and trains on CPU.
#
# Idempotent and quick when installed: a stamp file holds the hash of the requirements file, and the
# install is redone only when the pins changed or the environment is broken.
#   FLOWLAB_PYTORCH_VENV  another location for the environment (default: <project>/.venv/pytorch)
#   PYTHON                the interpreter to build it from (default: python3; torch 2.15 needs 3.11+)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/benchmarks/pytorch/requirements.txt"
venv="${FLOWLAB_PYTORCH_VENV:-$root/.venv/pytorch}"
python="${PYTHON:-python3}"
min_python=3.11
tag=pytorch-env
# shellcheck source=lib/pinned-venv.sh
source "$root/scripts/lib/pinned-venv.sh"

smoke_test() {
  "$venv/bin/python" - <<'EOF'
import numpy, torch
x = torch.randn(8, 4, 14, 14, requires_grad=True)
w = torch.randn(6, 4, 3, 3, requires_grad=True)
y = torch.nn.functional.conv2d(x, w, padding=1)
y.square().mean().backward()
assert x.grad.shape == x.shape and torch.isfinite(w.grad).all()
assert torch.linalg.inv(torch.eye(3, dtype=torch.float64)).shape == (3, 3)
from nflows.transforms.splines.rational_quadratic import unconstrained_rational_quadratic_spline
EOF
}

installed() {
  stamp_matches && smoke_test 2>/dev/null
}

venv_ready_or_locked && exit 0
log "creating $venv with the pins of benchmarks/pytorch/requirements.txt (once; ~2.5 GB download, a minute or two)"
venv_create

# Wheels only, except nflows: PyPI has only its sdist (pure Python, built with setuptools).
pip_args=(--quiet --disable-pip-version-check --no-input --no-cache-dir --only-binary=:all: --no-binary=nflows)
# --no-deps: the requirements file is the complete, pinned set (see above for what is left out and why).
"$venv/bin/python" -m pip install "${pip_args[@]}" --no-deps -r "$requirements" >&2

smoke_test >&2 || { log "torch does not import or run on CPU in $venv"; exit 1; }
"$venv/bin/python" -c 'import torch; print("pytorch-env: torch", torch.__version__, "threads", torch.get_num_threads(), "cuda", torch.cuda.is_available())' >&2
venv_done
