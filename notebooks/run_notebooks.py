"""Executes the FlowLab notebooks headless and fails on the first cell error.

    python notebooks/run_notebooks.py [--out DIR] [NOTEBOOK ...]

With no notebook given, runs every *.ipynb beside this script. The executed copies (with outputs) go to
--out (default: a temporary folder), so the committed notebooks stay output-free. The notebooks read
MLFLOW_TRACKING_URI and FLOWLAB_EXPERIMENT from the environment. Exit code 0 when every cell ran, 1 when a
cell failed (its traceback is printed), 2 for usage errors. Used by the Java test NotebookTest.
"""
import argparse
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="where to write the executed notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()

    notebooks = args.notebooks or sorted(Path(__file__).resolve().parent.glob("*.ipynb"))
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="flowlab-notebooks-"))
    out.mkdir(parents=True, exist_ok=True)

    failed = 0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        try:
            client.execute()
            print(f"ok      {path.name}")
        except CellExecutionError as error:
            failed += 1
            print(f"FAILED  {path.name}\n{error}", file=sys.stderr)
        finally:
            nbformat.write(nb, out / path.name)
    print(f"executed notebooks are in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
