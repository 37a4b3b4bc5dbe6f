"""Import times of crmlab, crmlab.plotting and crmlab.widgets against ``import pandas, matplotlib.pyplot`` (issue 14).

Each import runs in a fresh interpreter (``python -c "import ..."``), so nothing is cached in
the process; the time is the child's own measurement around the import statement, so the
interpreter's start-up is not counted. The reference, ``import pandas, matplotlib.pyplot``, is
what every chapter's first cell needs anyway; it is timed in the same run, interleaved with the
others, and each line prints the median of ``repeats`` runs and the ratio to the reference.
``import crmlab`` also imports pandas, so a ratio near 1 means crmlab adds little of its own.

    python benchmarks/bench_import.py [repeats]

Then the first code cell of each chapter notebook (its imports and set-up), run the same way.
``python -X importtime -c "import crmlab.widgets"`` shows where the time goes, module by module.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

REFERENCE = "pandas, matplotlib.pyplot"
MODULES = ("crmlab", "crmlab.plotting", "crmlab.widgets", "crmlab.btyd", "crmlab.retention")
# the child measures process and wall time around the import only
CHILD = (
    "import time\n"
    "w, c = time.perf_counter(), time.process_time()\n"
    "import {module}\n"
    "print(time.perf_counter() - w, time.process_time() - c)\n"
)


def once(module: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``import module`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", CHILD.format(module=module)], capture_output=True, text=True, check=True)
    wall, cpu = (float(v) for v in out.stdout.split()[-2:])
    return wall, cpu


def first_cells() -> dict[str, str]:
    """The first code cell of every chapter notebook (01-07), by file name."""
    import json
    from pathlib import Path

    cells = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("0[1-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells[path.name] = next("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    return cells


def run_cell(code: str) -> float:
    """Wall seconds of running ``code`` in a fresh interpreter (matplotlib's Agg backend, as in the notebook tests)."""
    child = f"import time\nw = time.perf_counter()\nexec({code!r})\nprint(time.perf_counter() - w)\n"
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True, env={**os.environ, "MPLBACKEND": "Agg"})
    return float(out.stdout.split()[-1])


def main(repeats: int = 5) -> None:
    names = (REFERENCE, *MODULES)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    once(REFERENCE)  # warm the file system cache
    for _ in range(repeats):  # interleaved, so that a busy moment of the machine hits every module alike
        for name in names:
            times[name].append(once(name))
    ref_wall = statistics.median(w for w, _ in times[REFERENCE])
    ref_cpu = statistics.median(c for _, c in times[REFERENCE])
    print(f"import times in fresh interpreters, median of {repeats} (wall / CPU), ratio to `import {REFERENCE}`")
    for name in names:
        wall = statistics.median(w for w, _ in times[name])
        cpu = statistics.median(c for _, c in times[name])
        print(f"  import {name:<28} {wall * 1000:7.0f} ms / {cpu * 1000:7.0f} ms   ratio {wall / ref_wall:5.2f} / {cpu / ref_cpu:5.2f}")
    cells = first_cells()
    cell_times: dict[str, list[float]] = {name: [] for name in cells}
    for _ in range(repeats):
        for name, code in cells.items():
            cell_times[name].append(run_cell(code))
    print(f"first code cell of each chapter in a fresh interpreter, median of {repeats} (wall), ratio to `import {REFERENCE}`")
    for name, values in cell_times.items():
        wall = statistics.median(values)
        print(f"  {name:<34} {wall * 1000:7.0f} ms   ratio {wall / ref_wall:5.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
